/**
 * Longest text (in UTF-16 code units) {@link speakableText} returns unless told otherwise: about
 * 30 seconds of speech, enough for a greeting or an on-call summary, short enough that a caller
 * cannot hold a technician's call with a wall of text.
 */
export const SPEAKABLE_TEXT_MAX_LENGTH = 400;

/**
 * Character references a caller may type to smuggle markup past an escaper. bandwidth-sdk 8.1.4
 * escapes `<` to `&lt;` and then turns every `&lt;…&gt;` back into a tag (its SSML_REGEX in
 * `models/bxml/Root.js`), so `&lt;Redirect&gt;` typed by a caller would become a real verb: we
 * decode references first and then remove the characters they stand for.
 * Source: XML 1.0 §4.6 (predefined entities) and §4.1 (character references); HTML's `&nbsp;`.
 */
const NAMED_REFERENCES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };
const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));?/g;

/**
 * Characters with a meaning in XML (BXML, TwiML, SSML), replaced by a space: `<` `>` `"`, the
 * backtick, and `&` where it could start a reference (before a letter, digit or `#`). A lone
 * `&` ("Smith & Sons") stays: both SDKs escape it to `&amp;` and speech engines read it "and".
 * The ASCII apostrophe becomes U+2019 (’), read the same way ("won’t") and special to no markup.
 */
const MARKUP_SIGNIFICANT = /[<>"`]|&(?=[\p{L}\p{N}#])/gu;
/** Controls and line/paragraph separators: become spaces (a newline in a text message separates words). */
const BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
/** Invisible format characters (zero-width, bidi overrides), private use and lone surrogates: removed. */
const INVISIBLE = /[\p{Cf}\p{Co}\p{Cs}]/gu;

function decodeReferences(text: string): string {
  let current = text;
  // Every decoding shortens the text, so this ends; nested encodings (`&amp;amp;lt;`) are all undone.
  for (;;) {
    const next = current.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? whole;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Makes text that came from outside (a caller's words, a summary built from them, a location's
 * greeting or business name) safe to put into a `<SpeakSentence>` (Bandwidth BXML) or `<Say>`
 * (Twilio TwiML) and still speakable. The one sanitiser every service uses for speech.
 *
 * In order: character references (`&lt;`, `&#60;`, `&#x3C;`, nested `&amp;lt;`) are decoded;
 * Unicode NFKC folds look-alikes (fullwidth `＜` U+FF1C, small `﹤` U+FE64) into ASCII; controls
 * and line separators become spaces; zero-width, bidi and private-use characters are removed;
 * `< > " \`` and a `&` that could start a reference become spaces, `'` becomes `’`; runs of whitespace collapse to one space (none before `. , ! ? ; :`); the
 * result is cut to `maxLength` at a word boundary when one lies in its last quarter.
 * Letters of every script, digits and ordinary punctuation (`. , ! ? : ; - ( ) / + # % @ $`) are kept.
 *
 * @param text any string (untrusted).
 * @param maxLength longest result in UTF-16 code units (default {@link SPEAKABLE_TEXT_MAX_LENGTH}); at least 1.
 * @returns plain text with no character a markup parser or bandwidth-sdk's SSML pass treats as markup;
 *   possibly empty. Idempotent: `speakableText(speakableText(x)) === speakableText(x)`.
 */
export function speakableText(text: string, maxLength: number = SPEAKABLE_TEXT_MAX_LENGTH): string {
  const limit = Math.max(1, Math.floor(maxLength));
  const plain = decodeReferences(text)
    .normalize('NFKC')
    .replace(BREAKING, ' ')
    .replace(INVISIBLE, '')
    .replace(MARKUP_SIGNIFICANT, ' ')
    .replaceAll("'", '\u2019')
    .replace(/\s+/g, ' ')
    .replace(/ (?=[.,!?;:])/g, '')
    .trim();
  if (plain.length <= limit) return plain;
  let cut = plain.slice(0, limit);
  // Never leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return (space >= limit * 0.75 ? cut.slice(0, space) : cut).trim();
}
