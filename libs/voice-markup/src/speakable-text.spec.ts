import { Bxml } from 'bandwidth-sdk';
import { twiml } from 'twilio';
import { create } from 'xmlbuilder2';
import { SPEAKABLE_TEXT_MAX_LENGTH, speakableText } from './speakable-text';

/** Every element of an XML document, in document order, with its text for leaf elements. */
function elementsOf(xml: string): { name: string; text: string }[] {
  const doc = create(xml).node as unknown as { getElementsByTagName(name: string): ArrayLike<{ localName: string; textContent: string | null }> };
  return Array.from(doc.getElementsByTagName('*')).map((e) => ({ name: e.localName, text: e.textContent ?? '' }));
}

/** Injections a caller can type into a text that ends up in a page call's summary (BXML and TwiML verbs). */
const INJECTIONS = [
  '</SpeakSentence><Redirect redirectUrl="https://evil.example/bxml"/>',
  '</SpeakSentence><Transfer><PhoneNumber>+15550001111</PhoneNumber></Transfer><SpeakSentence>',
  '&lt;/SpeakSentence&gt;&lt;Redirect redirectUrl=&quot;https://evil.example&quot;/&gt;',
  '&amp;lt;Transfer&amp;gt;&amp;lt;PhoneNumber&amp;gt;+15550001111&amp;lt;/PhoneNumber&amp;gt;&amp;lt;/Transfer&amp;gt;',
  '&#60;Redirect redirectUrl="https://evil.example"/&#62; &#x3C;Hangup/&#x3E;',
  '\uFF1C/SpeakSentence\uFF1E\uFF1CRedirect redirectUrl="https://evil.example"/\uFF1E',
  '</Say><Dial>+15550001111</Dial><Say>',
  '&lt;/Say&gt;&lt;Dial&gt;+15550001111&lt;/Dial&gt;&lt;Redirect&gt;https://evil.example&lt;/Redirect&gt;',
  '<speak><break time="100s"/></speak>',
];

describe(speakableText.name, () => {
  it('removes tags, references to them and look-alike brackets, keeping the words', () => {
    expect(speakableText('Gas smell </SpeakSentence><Redirect redirectUrl="https://evil"/>')).toBe('Gas smell /SpeakSentence Redirect redirectUrl= https://evil /');
    expect(speakableText('&lt;Redirect&gt; &amp;lt;Transfer&amp;gt; &#60;Hangup&#62; \uFF1CPause\uFE65')).toBe('Redirect Transfer Hangup Pause');
    for (const injection of INJECTIONS) expect(speakableText(injection)).not.toMatch(/[<>"`]|&\S/);
    expect(speakableText('&amp;amp;amp;amp;amp;amp;amp;lt;Redirect&gt;')).toBe('Redirect');
    expect(speakableText('Smith & Sons &c')).toBe('Smith & Sons c');
  });

  it('removes control, zero-width and bidi characters and collapses whitespace', () => {
    expect(speakableText('No\u0000 heat\r\n\tat all\u200B\u202E\uFEFF!  ')).toBe('No heat at all!');
    expect(speakableText('Re\u200Bdirect')).toBe('Redirect');
  });

  it('keeps other scripts, digits, punctuation and apostrophes (as ’), so the text stays speakable', () => {
    expect(speakableText("Can't wait: furnace #2 is out (since 7:30), 40% of the house is cold!")).toBe('Can\u2019t wait: furnace #2 is out (since 7:30), 40% of the house is cold!');
    expect(speakableText('Fuite de gaz près de la chaudière — ¿urgente?')).toBe('Fuite de gaz près de la chaudière — ¿urgente?');
  });

  it('bounds the length at a word boundary and is idempotent', () => {
    const long = 'word '.repeat(500);
    const bounded = speakableText(long);
    expect(bounded.length).toBeLessThanOrEqual(SPEAKABLE_TEXT_MAX_LENGTH);
    expect(bounded.length).toBeGreaterThan(SPEAKABLE_TEXT_MAX_LENGTH - 5);
    expect(bounded.endsWith('word')).toBe(true);
    expect(speakableText('abcdefghij', 4)).toBe('abcd');
    for (const text of [...INJECTIONS, long, 'It&#39;s &amp;amp;amp;lt;b&gt;']) expect(speakableText(speakableText(text))).toBe(speakableText(text));
  });

  it('yields BXML (bandwidth-sdk, which unescapes &lt;…&gt;) with exactly one SpeakSentence and no other verb', () => {
    for (const injection of INJECTIONS) {
      const bxml = new Bxml.Response([new Bxml.SpeakSentence(speakableText(`Urgent: ${injection}`), { voice: 'julie' })]).toBxml();
      expect(elementsOf(bxml).map((e) => e.name)).toEqual(['Response', 'SpeakSentence']);
    }
    // Without the sanitiser the SDK turns the escaped markup back into verbs (the finding this fixes).
    const raw = new Bxml.Response([new Bxml.SpeakSentence(`Urgent: ${INJECTIONS[0]}`, { voice: 'julie' })]).toBxml();
    expect(elementsOf(raw).map((e) => e.name)).toContain('Redirect');
  });

  it('yields TwiML (twilio VoiceResponse) with exactly one Say and no other verb', () => {
    for (const injection of INJECTIONS) {
      const response = new twiml.VoiceResponse();
      response.say(speakableText(`Urgent: ${injection}`));
      expect(elementsOf(response.toString()).map((e) => e.name)).toEqual(['Response', 'Say']);
    }
  });
});
