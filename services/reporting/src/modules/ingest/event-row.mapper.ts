import { type EventEnvelope, TOPICS } from '@textback/contracts';
import { DateTime } from 'luxon';

/**
 * One row of the ClickHouse `events` table (migration 001). Times are unix seconds (UTC);
 * money in cents; `latency_seconds` in seconds. Strings are '' when not applicable.
 */
export interface EventRow {
  event_id: string;
  event_type: string;
  tenant_id: string;
  region_id: string;
  location_id: string;
  tracking_source: string;
  correlation_id: string;
  subject_id: string;
  occurred_at: number;
  outcome: string;
  reason: string;
  segments: number;
  /** Estimated value: booking estimate, or a lead's estimated value. */
  value_cents: number;
  /** Realised value: a won lead's actual value (its estimate when no actual was recorded). */
  actual_cents: number;
  latency_seconds: number;
  payload: string;
  ingested_at: number;
  /** Calendar day `YYYY-MM-DD` of `occurred_at` in the location's time zone (UTC when unknown). */
  local_date: string;
  /** `delivered` / `failed` on the row that completes a first text's send/status pairing, else ''. */
  first_text_status: string;
}

/** Every column of {@link EventRow}, in table order (passed to `insert({ columns })`). */
export const EVENT_ROW_COLUMNS: readonly (keyof EventRow)[] = [
  'event_id', 'event_type', 'tenant_id', 'region_id', 'location_id', 'tracking_source', 'correlation_id', 'subject_id', 'occurred_at',
  'outcome', 'reason', 'segments', 'value_cents', 'actual_cents', 'latency_seconds', 'payload', 'ingested_at', 'local_date', 'first_text_status',
];

/**
 * Calendar day `YYYY-MM-DD` of `unixSeconds` in IANA zone `timeZone` (luxon; DST and half-hour
 * offsets included). An empty or unknown zone falls back to UTC.
 */
export function localDateOf(unixSeconds: number, timeZone: string): string {
  const local = DateTime.fromSeconds(unixSeconds, { zone: timeZone || 'UTC' });
  return (local.isValid ? local : DateTime.fromSeconds(unixSeconds, { zone: 'UTC' })).toISODate() as string;
}

type Data = Record<string, unknown>;

const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Fields of a message body that are PII and never stored in the payload column. */
const PRIVATE_FIELDS = new Set(['body', 'variables']);

/** The measure columns an event type fills (outcome, reason, subject, segments, values, latency). */
function measures(type: string, d: Data, firstReply: boolean): Pick<EventRow, 'outcome' | 'reason' | 'subject_id' | 'segments' | 'value_cents' | 'actual_cents' | 'latency_seconds'> {
  const base = { outcome: '', reason: '', subject_id: '', segments: 0, value_cents: 0, actual_cents: 0, latency_seconds: 0 };
  switch (type) {
    case TOPICS.callReceived:
      return { ...base, subject_id: s(d.callId), outcome: s(d.route) };
    case TOPICS.callAnswered:
      return { ...base, subject_id: s(d.callId), latency_seconds: n(d.ringSeconds) };
    case TOPICS.callMissed:
      return { ...base, subject_id: s(d.callId), reason: s(d.reason), outcome: d.callerTextable === false ? 'not_textable' : 'textable', latency_seconds: n(d.ringSeconds) };
    case TOPICS.callVoicemail:
      return { ...base, subject_id: s(d.callId), latency_seconds: n(d.durationSeconds) };
    case TOPICS.smsSend:
      return { ...base, subject_id: s(d.commandId), outcome: s(d.purpose) };
    case TOPICS.smsSent:
      return { ...base, subject_id: s(d.messageId), outcome: s(d.purpose), segments: Math.max(0, Math.round(n(d.segments))) };
    case TOPICS.smsDelivered:
      return { ...base, subject_id: s(d.messageId) };
    case TOPICS.smsFailed:
      return { ...base, subject_id: s(d.messageId), reason: s(d.reason), outcome: s(d.errorCode) };
    case TOPICS.smsReceived:
      return { ...base, subject_id: s(d.messageId), outcome: d.needsReview === true ? 'needs_review' : '', reason: firstReply ? 'first_reply' : '' };
    case TOPICS.consentOptedOut:
    case TOPICS.consentOptedIn:
      return { ...base, subject_id: s(d.consentId), outcome: s(d.scope), reason: s(d.method) };
    case TOPICS.firstTextDecided:
      return { ...base, subject_id: s(d.callId), outcome: s(d.outcome), reason: s(d.reason), latency_seconds: n(d.decisionLatencySeconds) };
    case TOPICS.callbackTaskRequested:
      return { ...base, subject_id: s(d.taskKey), reason: s(d.reason) };
    case TOPICS.locationConfig:
      return { ...base, subject_id: s(d.locationId), outcome: s(d.revision) };
    case TOPICS.leadCreated:
    case TOPICS.leadUpdated:
      return { ...base, subject_id: s(d.leadId), outcome: s(d.stage), value_cents: n(d.estimatedValueCents), actual_cents: n(d.actualValueCents) };
    case TOPICS.leadStageChanged: {
      // Stage flow accounting: outcome = new stage, reason = previous stage. A won lead realises
      // its actual value (its estimate when none was recorded).
      const realised = d.stage === 'won' || d.previousStage === 'won' ? n(d.actualValueCents) || n(d.estimatedValueCents) : 0;
      return { ...base, subject_id: s(d.leadId), outcome: s(d.stage), reason: s(d.previousStage), value_cents: n(d.estimatedValueCents), actual_cents: realised };
    }
    case TOPICS.conversationTakenOver:
    case TOPICS.conversationReleased:
      return { ...base, subject_id: s(d.leadId) };
    case TOPICS.intentCaptured:
    case TOPICS.leadQualified:
      return { ...base, subject_id: s(d.conversationId), outcome: s(d.intent), reason: s(d.urgency) };
    case TOPICS.urgentDetected:
      return { ...base, subject_id: s(d.conversationId), reason: s(d.hazard) };
    case TOPICS.handoffRequested:
      return { ...base, subject_id: s(d.conversationId), reason: s(d.reason) };
    case TOPICS.bookingOffered:
      return { ...base, subject_id: s(d.offerId) };
    case TOPICS.bookingConfirmed:
      return { ...base, subject_id: s(d.bookingId), outcome: d.rescheduledFrom ? 'rescheduled' : 'new', value_cents: n(d.estimatedValueCents) };
    case TOPICS.bookingCancelled:
      return { ...base, subject_id: s(d.bookingId), reason: s(d.reason) };
    case TOPICS.callbackScheduled:
      return { ...base, subject_id: s(d.taskId), reason: s(d.reason) };
    case TOPICS.dispatchPaged:
      return { ...base, subject_id: s(d.dispatchId), outcome: s(d.role), reason: s(d.attempt) };
    case TOPICS.dispatchAcknowledged:
      return { ...base, subject_id: s(d.dispatchId), outcome: s(d.via), latency_seconds: n(d.secondsToAcknowledge) };
    case TOPICS.dispatchEscalated:
      return { ...base, subject_id: s(d.dispatchId), outcome: d.exhausted === true ? 'exhausted' : 'escalated' };
    default:
      return base;
  }
}

/**
 * Maps a parsed envelope of any contract to its `events` row. `regionId` and `trackingSource`
 * come from enrichment (location config, the call's tracking number) when the event lacks them;
 * `firstReply` marks the first inbound text of a conversation (`reason = 'first_reply'`);
 * `timeZone` (the location's IANA zone) gives `local_date`; `firstTextStatus` is the pairing flag.
 * `time` (the time of the fact) becomes `occurred_at`, floored to whole seconds.
 */
export function toEventRow(
  event: EventEnvelope<unknown>,
  enrichment: { regionId: string; trackingSource: string; firstReply?: boolean; timeZone?: string; firstTextStatus?: '' | 'delivered' | 'failed' },
  now: Date = new Date(),
): EventRow {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Data;
  const own = s(data.trackingSource);
  const payload = Object.fromEntries(Object.entries(data).filter(([k]) => !PRIVATE_FIELDS.has(k)));
  const occurredAt = Math.floor(new Date(event.time).getTime() / 1000);
  return {
    event_id: event.id,
    event_type: event.type,
    tenant_id: event.tenantId,
    region_id: enrichment.regionId,
    location_id: event.locationId,
    tracking_source: own || enrichment.trackingSource,
    correlation_id: event.correlationId,
    ...measures(event.type, data, enrichment.firstReply === true),
    occurred_at: occurredAt,
    payload: JSON.stringify(payload),
    ingested_at: Math.floor(now.getTime() / 1000),
    local_date: localDateOf(occurredAt, enrichment.timeZone ?? ''),
    first_text_status: enrichment.firstTextStatus ?? '',
  };
}
