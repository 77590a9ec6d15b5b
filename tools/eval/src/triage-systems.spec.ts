import { OpenAiStandIn } from '../../../services/conversation-ai/test/utils/openai-stand-in';
import { type LabelledRow } from './labelled-row';
import { llmSystem, rulesWithFoldModelSystem, rulesWithModelSystem } from './triage-systems';

const NOW = new Date('2026-03-10T17:00:00Z');
const row = (id: string, text: string, intent: string, sourceRepo: string | null = null): LabelledRow => ({
  id,
  text,
  intent,
  urgency: intent === 'emergency' ? 'emergency' : 'routine',
  sourceRepo,
  sourceUrl: null,
  license: null,
  domain: 'plumbing',
  usable: true,
});

describe('llmSystem', () => {
  const standIn = new OpenAiStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  it('scores the service LLM path through an OpenAI-compatible base URL, keeping the rules for emergencies', async () => {
    standIn.behaviour = {
      kind: 'tool_call',
      arguments: { intent: 'question', urgency: 'routine', hazard: null, serviceWords: null, placeWords: null, timeWords: null, name: null, asksForHuman: false, confidence: 0.8 },
    };
    let fallbacks = 0;
    const system = llmSystem({ apiKey: 'sk-test', baseUrl: standIn.baseUrl, model: 'local-model', timeoutMs: 2_000 }, NOW, 2, () => fallbacks++);
    if (system.kind !== 'fixed') throw new Error('the LLM path is a fixed system');
    const out = await system.predict([row('a', 'do you service tankless heaters', 'question'), row('b', 'I smell gas in the basement', 'emergency')]);
    expect(out).toEqual([
      { intent: 'question', urgency: 'routine', asksUrgency: false },
      { intent: 'emergency', urgency: 'emergency', asksUrgency: false },
    ]);
    expect(fallbacks).toBe(0);
    expect(standIn.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(2);
    expect(standIn.requests[0]?.body.model).toBe('local-model');
  });

  it('counts the rows that fell back to the rules when the endpoint fails', async () => {
    standIn.behaviour = { kind: 'status', status: 500 };
    let fallbacks = 0;
    const system = llmSystem({ apiKey: 'sk-test', baseUrl: standIn.baseUrl, model: 'local-model', timeoutMs: 2_000 }, NOW, 1, () => fallbacks++);
    if (system.kind !== 'fixed') throw new Error('the LLM path is a fixed system');
    const out = await system.predict([row('a', 'please cancel my appointment on friday', 'cancel')]);
    expect(out).toEqual([{ intent: 'cancel', urgency: 'routine', asksUrgency: false }]);
    expect(fallbacks).toBe(1);
  });
});

describe('rulesWithModelSystem', () => {
  it('retrains without the vendored corpus of a held-out source and tunes only on the training rows', async () => {
    const system = rulesWithModelSystem(NOW);
    if (system.kind !== 'trained') throw new Error('the model system is trained');
    const training = [row('t1', 'please cancel my appointment', 'cancel'), row('t2', 'my sink is clogged', 'book')];
    const held = [row('h1', 'hello there', 'other', 'clinc/oos-eval')];
    const withoutClinc = await system.fit(training, { scheme: 'source', fold: 'clinc/oos-eval', rows: held });
    expect(withoutClinc.note).toMatch(/^no model \(retrained without clinc\/oos-eval/);
    expect(withoutClinc.note).toContain('tuned on the 2 rows of the other folds');
    const otherSource = await system.fit(training, { scheme: 'source', fold: 'RasaHQ/STAR', rows: held });
    expect(otherSource.note).toMatch(/^model clinc150-/);
    expect(await otherSource.predict(held)).toHaveLength(1);
  });
});

describe('rulesWithFoldModelSystem', () => {
  // "zorble" is no word the rules know (they say other); in these training rows it always means a booking.
  const training = ['a', 'b', 'c'].flatMap((src) => [
    row(`${src}1`, 'zorble zorble', 'book', `src/${src}`),
    row(`${src}2`, 'zorble the frambot', 'book', `src/${src}`),
    row(`${src}3`, 'please cancel my appointment', 'cancel', `src/${src}`),
  ]);

  it('trains on the other folds only, chooses its threshold by an inner leave-one-source-out, and overrules a weak verdict', async () => {
    const system = rulesWithFoldModelSystem(NOW);
    if (system.kind !== 'trained') throw new Error('the fold model system is trained');
    const held = [row('h1', 'zorble zorble the frambot', 'book', 'src/held'), row('h2', 'I smell gas in the basement', 'emergency', 'src/held')];
    const fitted = await system.fit(training, { scheme: 'source', fold: 'src/held', rows: held });
    expect(fitted.note).toMatch(/^model trained on the 9 rows of the other folds; minimum probability 0\.\d+/);
    const out = await fitted.predict(held);
    expect(out[0]?.intent).toBe('book');
    expect(out[1]).toMatchObject({ intent: 'emergency', urgency: 'emergency' });
  });

  it('stays off when the inner folds do not gain from it', async () => {
    const system = rulesWithFoldModelSystem(NOW);
    if (system.kind !== 'trained') throw new Error('the fold model system is trained');
    const mixed = ['a', 'b', 'c'].flatMap((src) => [row(`${src}1`, 'zorble zorble', 'other', `src/${src}`), row(`${src}2`, 'please cancel my appointment', 'cancel', `src/${src}`)]);
    const fitted = await system.fit(mixed, { scheme: 'source', fold: 'src/held', rows: [] });
    expect(fitted.note).toContain('minimum probability off');
    const forced = rulesWithFoldModelSystem(NOW, true, 0.5);
    if (forced.kind !== 'trained') throw new Error('the fold model system is trained');
    const forcedFit = await forced.fit(mixed, { scheme: 'source', fold: 'src/held', rows: [] });
    expect(forcedFit.note).toContain('minimum probability 0.5 (fixed by --min-probability)');
  });
});
