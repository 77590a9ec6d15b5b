import { type LocationConfig } from '@textback/contracts';
import { type IntentModelOption } from '../../../services/conversation-ai/src/modules/understanding/intent-classifier.util';
import { understandMessage } from '../../../services/conversation-ai/src/modules/understanding/message-understanding.util';
import { type Understanding, type UnderstandingContext } from '../../../services/conversation-ai/src/modules/understanding/understanding.types';

/** One input line of `npm run triage`: a caller text and optional location context. */
export interface TriageInput {
  text: string;
  /** Optional location: a LocationConfig or its `services`, `serviceArea`, `timeZone` (IANA). */
  location?: {
    services?: { serviceId: string; name: string; synonyms?: string[] }[];
    serviceArea?: { cities?: string[]; zips?: string[] };
    timeZone?: string;
    /** The location's vertical (LocationConfig `vertical`, e.g. `auto_repair`), passed to understanding when it reads one. */
    vertical?: string;
  };
  /** Optional receive instant (RFC 3339) for resolving relative times; default now. */
  receivedAt?: string;
}

/** One output line of `npm run triage`. */
export interface TriageOutput {
  intent: Understanding['intent'];
  urgency: Understanding['urgency'];
  confidence: number;
  hazard: Understanding['hazard'];
  service: string | null;
  serviceId: string | null;
  place: string | null;
  inServiceArea: boolean | null;
  when: string | null;
  whenStartAt: string | null;
  name: string | null;
  safetyLine: string | null;
  /** The reply will ask whether it is urgent (understanding's `urgencyQuestion`, when the build has it, is set). */
  asksUrgency: boolean;
  /** Catalogue id of a hazard the rules are unsure about (the bot would ask "is this urgent?"), else null. */
  urgencyQuestion: string | null;
}

/**
 * Parses one JSONL line into a {@link TriageInput}.
 * @throws Error naming the line number when the line is not JSON or has no string `text`.
 */
export function parseTriageLine(line: string, lineNo: number): TriageInput {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    throw new Error(`line ${lineNo}: not JSON (${(err as Error).message})`);
  }
  const obj = doc as { text?: unknown; location?: unknown; receivedAt?: unknown };
  if (typeof obj.text !== 'string') throw new Error(`line ${lineNo}: missing string field "text"`);
  return {
    text: obj.text,
    ...(obj.location && typeof obj.location === 'object' ? { location: obj.location as TriageInput['location'] } : {}),
    ...(typeof obj.receivedAt === 'string' ? { receivedAt: obj.receivedAt } : {}),
  };
}

/** Runs deterministic understanding on one input (with the optional intent model) and flattens it to a triage result. */
export function triage(input: TriageInput, now: Date = new Date(), intentModel?: IntentModelOption): TriageOutput {
  const loc = input.location ?? {};
  // The vertical is passed structurally (cast), so this compiles whether or not the context type declares it.
  const context = {
    ...(loc.services ? { services: loc.services.map((s): LocationConfig['services'][number] => ({ serviceId: s.serviceId, name: s.name, synonyms: s.synonyms ?? [], slotMinutes: 120, averageTicketCents: 0 })) } : {}),
    ...(loc.serviceArea ? { serviceArea: { cities: loc.serviceArea.cities ?? [], zips: loc.serviceArea.zips ?? [] } } : {}),
    ...(loc.timeZone ? { timeZone: loc.timeZone } : {}),
    ...(loc.vertical ? { vertical: loc.vertical } : {}),
  } as UnderstandingContext;
  const u = understandMessage(input.text, context, input.receivedAt ? new Date(input.receivedAt) : now, intentModel ? { intentModel } : {});
  return {
    intent: u.intent,
    urgency: u.urgency,
    confidence: u.confidence,
    hazard: u.hazard,
    service: u.service?.name ?? u.serviceText,
    serviceId: u.service?.serviceId ?? null,
    place: u.place?.text ?? null,
    inServiceArea: u.place?.inServiceArea ?? null,
    when: u.when?.text ?? null,
    whenStartAt: u.when?.startAt ?? null,
    name: u.name,
    safetyLine: u.safetyLine,
    asksUrgency: asksUrgency(u),
    urgencyQuestion: u.urgencyQuestion?.hazardId ?? null,
  };
}

/**
 * True when understanding asks the caller whether it is urgent. Read structurally, so the tool
 * works with and without the optional `urgencyQuestion` of the understanding result.
 */
export function asksUrgency(u: Understanding): boolean {
  const question = (u as Understanding & { urgencyQuestion?: unknown }).urgencyQuestion;
  return question !== undefined && question !== null;
}
