import { create } from 'xmlbuilder2';

/** One BXML verb (or nested element such as `<PhoneNumber>`): its name, attributes, text and child elements. */
export interface BxmlVerb {
  /** Element name as written, e.g. `Transfer`, `PhoneNumber`, `SpeakSentence`, `Record`, `Hangup`. */
  name: string;
  /** Attributes as strings, exactly as written (`callTimeout="25"` → `{ callTimeout: '25' }`). */
  attributes: Record<string, string>;
  /** Concatenated text content, trimmed (`<PhoneNumber>+1555…</PhoneNumber>` → `+1555…`). */
  text: string;
  children: BxmlVerb[];
}

/** Thrown when a callback answer is not a BXML document (Bandwidth ends the call with cause `invalid-bxml`). */
export class InvalidBxmlException extends Error {
  constructor(reason: string) {
    super(`invalid BXML: ${reason}`);
    this.name = 'InvalidBxmlException';
  }
}

/** The DOM subset xmlbuilder2's parser yields (`@oozcitak/dom`). */
interface DomElement {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  attributes: ArrayLike<{ name: string; value: string }>;
  childNodes: ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;

function toVerb(element: DomElement): BxmlVerb {
  const attributes: Record<string, string> = {};
  for (const attr of Array.from(element.attributes)) attributes[attr.name] = attr.value;
  return {
    name: element.nodeName,
    attributes,
    text: (element.textContent ?? '').trim(),
    children: Array.from(element.childNodes)
      .filter((c) => c.nodeType === ELEMENT_NODE)
      .map(toVerb),
  };
}

/**
 * Reads a BXML document (BW-DOCS `voice/bxml/about.mdx`: a `<Response>` root holding verbs in execution order)
 * into its verbs, in document order, with xmlbuilder2 (the XML library bandwidth-sdk 8.1.4 builds BXML with).
 * An empty `<Response/>` yields `[]` (Bandwidth treats it as `<Hangup/>`).
 * @throws InvalidBxmlException when the text is not XML or its root is not `<Response>`. xmlbuilder2's parser is
 *   lenient about unclosed elements, so a truncated document may still parse.
 */
export function parseBxml(xml: string): BxmlVerb[] {
  let root: DomElement;
  try {
    root = create(xml.trim()).root().node as unknown as DomElement;
  } catch (err) {
    throw new InvalidBxmlException(err instanceof Error ? err.message : String(err));
  }
  if (root?.nodeName !== 'Response') throw new InvalidBxmlException(`root element is ${root?.nodeName ? `<${root.nodeName}>` : 'missing'}, not <Response>`);
  return toVerb(root).children;
}

/** A numeric attribute (`callTimeout="25"`), or `fallback` when absent or not a finite number. */
export function numericAttribute(verb: BxmlVerb, name: string, fallback: number): number {
  const raw = verb.attributes[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) ? value : fallback;
}
