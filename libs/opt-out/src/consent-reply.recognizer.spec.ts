import { recognizeConsentReply } from './consent-reply.recognizer';
import { CONSENT_VOCABULARY, OPT_OUT_RULES_VERSION } from './vocabulary/opt-out-vocabulary.constants';
import { CONSENT_SOURCES } from './vocabulary/consent-sources.constants';

describe(recognizeConsentReply.name, () => {
  it('reports the rule, language and matched text of a keyword', () => {
    expect(recognizeConsentReply('Stop please')).toEqual({
      kind: 'opt_out',
      rule: 'keyword.en.stop',
      language: 'en',
      matched: 'stop',
    });
    expect(recognizeConsentReply('no me envíes más mensajes')).toMatchObject({
      kind: 'opt_out',
      rule: 'phrase.es.no-me-envies',
      language: 'es',
    });
  });

  it('returns the frozen none verdict for text with nothing about consent', () => {
    expect(recognizeConsentReply('Tuesday at 3 works')).toEqual({ kind: 'none', rule: 'none' });
    expect(recognizeConsentReply('')).toEqual({ kind: 'none', rule: 'none' });
    expect(recognizeConsentReply(undefined as unknown as string)).toEqual({ kind: 'none', rule: 'none' });
  });

  it('names the negation or near miss that kept a per se word from counting', () => {
    expect(recognizeConsentReply("don't stop")).toMatchObject({ kind: 'none', rule: 'negation.dont-stop' });
    expect(recognizeConsentReply('stop by tomorrow')).toMatchObject({ kind: 'none', rule: 'near-miss.en.stop-by' });
    expect(recognizeConsentReply('cancel my appointment')).toMatchObject({
      kind: 'none',
      rule: 'near-miss.en.cancel-appointment',
    });
  });

  it('treats CANCEL/END/QUIT as keywords only as the whole message', () => {
    expect(recognizeConsentReply('CANCEL').kind).toBe('opt_out');
    expect(recognizeConsentReply('Cancel. Who is this?')).toMatchObject({
      kind: 'ambiguous',
      rule: 'clause.en.cancel',
    });
    expect(recognizeConsentReply('END').kind).toBe('opt_out');
  });

  it('reads "taken off" a list as an opt-out, but not "taken" out of a house (an emergency)', () => {
    expect(recognizeConsentReply('I want to be taken off your list')).toMatchObject({ kind: 'opt_out', rule: 'phrase.en.be-taken-off' });
    expect(recognizeConsentReply('please get removed from this')).toMatchObject({ kind: 'opt_out', rule: 'phrase.en.be-removed' });
    expect(recognizeConsentReply('I have been taken out of my house at gun point').kind).toBe('none');
    expect(recognizeConsentReply('my car was taken to the shop').kind).toBe('none');
  });

  it('counts opt-in words only as the exact whole message', () => {
    expect(recognizeConsentReply('START').kind).toBe('opt_in');
    expect(recognizeConsentReply('Yes').kind).toBe('opt_in');
    expect(recognizeConsentReply('yes please').kind).toBe('none');
    expect(recognizeConsentReply('start the job monday').kind).toBe('none');
  });

  it('prefers an opt-out anywhere in the text over anything else', () => {
    expect(recognizeConsentReply('Not interested. Stop texting me').kind).toBe('opt_out');
    expect(recognizeConsentReply("don't stop by, just stop texting me").kind).toBe('opt_out');
  });

  it('sends a one-typo opt-out keyword to review, but not a real word', () => {
    expect(recognizeConsentReply('Stpo')).toMatchObject({ kind: 'ambiguous', rule: 'fuzzy.keyword.en.stop' });
    expect(recognizeConsentReply('step').kind).toBe('none');
    expect(recognizeConsentReply('shop').kind).toBe('none');
  });

  it('holds texts that quote opt-out instructions for a person, whatever else they say (SMS Spam Collection)', () => {
    for (const footer of [
      'Stop? txt CLUB STOP to 87070. 150p/wk', // the "Stop?" clause alone would be a per se opt-out
      'Here is your discount code RP176781. To stop further messages reply stop.',
      'Msg cost 150p 2 stop txt stop',
      'OptOut 08718727870',
      'unsubscribe with STOP, no extra charge',
      'You can unsubscribe at anytime by calling customer services',
    ]) {
      expect([footer, recognizeConsentReply(footer).kind]).toEqual([footer, 'ambiguous']);
    }
    // A request that only mentions a number stays a request; "you can unsubscribe me" is one too.
    expect(recognizeConsentReply('you can unsubscribe me now').kind).toBe('opt_out');
    expect(recognizeConsentReply('Stop texting me').kind).toBe('opt_out');
    expect(recognizeConsentReply('stop texting 5551234567').kind).toBe('opt_out');
    expect(recognizeConsentReply('Cancel appointment 123456').kind).toBe('none');
  });

  it('does not read a request to stop from words aimed at someone or something else', () => {
    for (const text of [
      'stop calling me charlie and from now on always call me chip', // CLINC150 change_user_name
      "don't call me bill anymore - call me bob",
      'can you text marissa and tell them to stop calling me',
      "Ok, be careful ! Don't text and drive !", // SMS Spam Collection line 1311
      'Stop calling everyone saying I might have cancer.',
      'You are now unsubscribed all services.',
      'Opt-out available',
      'And stop being an old man.',
    ]) {
      expect([text, recognizeConsentReply(text).kind]).toEqual([text, 'none']);
    }
    expect(recognizeConsentReply("stop calling me, I told you").kind).toBe('opt_out');
    expect(recognizeConsentReply('I told you to stop calling me').kind).toBe('opt_out');
    expect(recognizeConsentReply("don't call me again").kind).toBe('opt_out');
  });

  it('reads "stop talking" and "don\'t talk anymore" as requests, not "stop talking so fast" (CLINC150)', () => {
    expect(recognizeConsentReply('just stop talking').kind).toBe('opt_out');
    expect(recognizeConsentReply("don't talk anymore").kind).toBe('opt_out');
    expect(recognizeConsentReply('no more talking').kind).toBe('opt_out');
    expect(recognizeConsentReply('please stop talking so fast').kind).toBe('none');
    expect(recognizeConsentReply('cancel that').kind).toBe('ambiguous');
  });

  it('stays cheap: 20,000 SMS-sized texts in well under a second', () => {
    const texts = ['STOP', 'please stop texting me', 'Can you come tomorrow morning around 9? The furnace quit working',
      'no me envíes más mensajes', 'ЅТОР', 'x'.repeat(1600)];
    recognizeConsentReply('warm up');
    const started = process.hrtime.bigint();
    for (let i = 0; i < 20_000; i++) recognizeConsentReply(texts[i % texts.length] as string);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`20000 recognitions in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5_000);
  });
});

describe('consent vocabulary', () => {
  it('gives every entry a unique id and a known source', () => {
    const ids = CONSENT_VOCABULARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CONSENT_VOCABULARY) expect(Object.keys(CONSENT_SOURCES)).toContain(e.source);
    expect(OPT_OUT_RULES_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });
});

describe('recognizeConsentReply on arbitrary input', () => {
  /** Deterministic PRNG (mulberry32) so a failure reproduces. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const POOLS = [
    'stop STOP cancel end quit para arrêt ne pas dont no text me ',
    '\u0000\u0007\u200b\u200d\u2060\ufeff\u00ad\u202e\ud800\udfff\ud83d',
    'ЅТОРѕтор𝐒𝐓Ⓢⓣ🛑😡👍🏽‍♀️ \t\n.,!?¿¡\'’"#$@0123456789',
  ];

  it('never throws and always returns a well-formed verdict (5,000 random texts, seed 14)', () => {
    const rand = prng(14);
    const kinds = new Set(['opt_out', 'opt_in', 'help', 'ambiguous', 'none']);
    for (let i = 0; i < 5_000; i++) {
      const length = Math.floor(rand() * 80);
      let text = '';
      for (let j = 0; j < length; j++) {
        const pool = POOLS[Math.floor(rand() * POOLS.length)] as string;
        text += pool[Math.floor(rand() * pool.length)];
      }
      const v = recognizeConsentReply(text);
      expect(kinds.has(v.kind)).toBe(true);
      expect(typeof v.rule).toBe('string');
    }
  });
  it('reads "stop it" with a courtesy word, "that\'s enough" and "just stop it" as opt-outs, not a job to stop', () => {
    expect(recognizeConsentReply('please, stop it').kind).toBe('opt_out');
    expect(recognizeConsentReply("that's enough").kind).toBe('opt_out');
    expect(recognizeConsentReply('can you just stop it already').kind).toBe('opt_out');
    expect(recognizeConsentReply('can you just stop it from leaking').kind).not.toBe('opt_out');
  });
});
