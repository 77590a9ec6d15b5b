import { isPlausibleEventTime, jsonbSafe } from '@textback/platform';
import { Duration } from 'luxon';
import { z } from 'zod';
import { ANSWER_CONFIRMATION_DIGIT } from '../../answer-confirmation.constants';
import { type CallFact, type LegCause } from '../../call-facts.types';
import { type InboundCallWebhook, MalformedWebhookException, type ReplyKind } from '../../call-webhook.types';

/**
 * ISO-8601 timestamps as Bandwidth sends them; one documented sample omits the `Z`, so a time
 * without offset is read as UTC (CARRIER-APIS.md §1.3). Times outside [2000-01-01, now + 1 day]
 * (`+200000-01-01` parses) are refused: they break the event contracts and the ring-time column.
 */
const lenientTime = z
  .string()
  .min(1)
  .max(64)
  // One transform that parses the time once (it was a transform, two refinements and a transform, each parsing it:
  // three time fields per callback, on the phone path's every callback).
  .transform((s, ctx) => {
    const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? s : `${s}Z`);
    if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 time', input: s });
    else if (!isPlausibleEventTime(ms)) ctx.addIssue({ code: 'custom', message: 'must be between 2000 and now + 1 day', input: s });
    else return new Date(ms).toISOString();
    return z.NEVER;
  });
/** A carrier id that is part of a unique key (a btree entry: kept short). */
const carrierId = z.string().min(1).max(128);

/** Fields every Bandwidth Voice callback carries (bandwidth-openapi.yml `*Callback` schemas). */
const callbackSchema = z.looseObject({
  eventType: z.string().min(1).max(64),
  callId: carrierId,
  eventTime: lenientTime,
  from: z.string(),
  to: z.string().min(1),
  startTime: lenientTime.optional(),
  parentCallId: carrierId.optional(),
  endTime: lenientTime.optional(),
  cause: z.string().min(1).optional(),
  errorMessage: z.string().nullish(),
  applicationId: z.string().optional(),
});
const withCause = callbackSchema.extend({ cause: z.string().min(1).max(64) });
const bLeg = callbackSchema.extend({ parentCallId: carrierId });
const bLegWithCause = bLeg.extend({ cause: z.string().min(1).max(64) });
/** `gather` (bandwidth-openapi.yml `gatherCallback`): `digits` "is empty if a timeout occurred before any buttons were pressed". */
const gather = callbackSchema.extend({ digits: z.string().max(64).optional(), terminatingDigit: z.string().max(8).nullish() });
const recording = callbackSchema.extend({
  recordingId: carrierId,
  duration: z.string().min(1).optional(),
  mediaUrl: z.string().optional(),
  status: z.string().optional(),
});

/**
 * The schema that validates a callback of `eventType` in full (every schema extends {@link callbackSchema}), so a
 * callback is parsed once. Built once per process: a zod schema compiles its parser on first use.
 */
function schemaOf(eventType: unknown): z.ZodType<z.infer<typeof callbackSchema>> {
  switch (eventType) {
    case 'transferAnswer':
      return bLeg;
    case 'transferDisconnect':
      return bLegWithCause;
    case 'transferComplete':
    case 'disconnect':
      return withCause;
    case 'recordComplete':
    case 'recordingComplete':
    case 'recordingAvailable':
      return recording;
    case 'gather':
      return gather;
    default:
      return callbackSchema;
  }
}

/** Bandwidth `cause` values (bandwidth-openapi.yml `schemas/cause`, BW-DOCS disconnect.mdx) to {@link LegCause}. */
export function bandwidthLegCause(cause: string): LegCause {
  switch (cause) {
    case 'hangup':
      return 'hangup';
    case 'busy':
      return 'busy';
    case 'timeout':
      return 'timeout';
    case 'cancel':
      return 'cancel';
    case 'rejected':
      return 'rejected';
    case 'callback-error':
    case 'invalid-bxml':
    case 'application-error':
    case 'account-limit':
    case 'node-capacity-exceeded':
    case 'error':
    case 'unknown':
      return 'error';
    default:
      return 'unrecognized';
  }
}

/** Seconds of an ISO-8601 duration such as `PT20.056S`; 0 when absent or unreadable. */
function durationSeconds(iso: string | undefined): number {
  if (!iso) return 0;
  const d = Duration.fromISO(iso);
  return d.isValid ? Math.round(d.as('seconds') * 10) / 10 : 0;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new MalformedWebhookException('bandwidth', result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  return result.data;
}

/**
 * Validates a Bandwidth Voice callback (JSON body, CARRIER-APIS.md §1.3–1.4) and translates it
 * into an {@link InboundCallWebhook}. The `eventType` in the body decides, whatever URL it came to:
 * - `initiate` → call started, reply `route` (BXML).
 * - `transferAnswer` (B-leg; `parentCallId` = caller's leg) → forward answered, reply `bridge`.
 * - `transferComplete` (caller's leg still up) → forward ended with `cause`, reply `continue`.
 * - `disconnect` (caller's leg ended, `endTime`/`cause`) → caller hung up, 204.
 * - `recordComplete` / `recordingComplete` (the SPEC's spelling) → voicemail, reply `hangup`.
 * - `recordingAvailable` (`status` `complete|partial` → voicemail; others informational) → 204.
 * - `gather` on a B-leg (`parentCallId`; the answer-confirmation prompt): `digits` `1` → forward accepted, reply
 *   `bridge`; empty (timeout) or another key → forward not accepted, reply `hangup` (of the B-leg). A `gather` on
 *   the caller's own leg is informational.
 * - `transferDisconnect`, `redirect` and any other event → informational (`redirect` replies `continue`).
 * Strings are made jsonb-safe first (U+0000 removed, lone surrogates replaced).
 * @throws MalformedWebhookException when the body lacks a documented required field or a time is implausible.
 */
export function parseBandwidthCallback(raw: unknown): InboundCallWebhook {
  // U+0000 and lone surrogates cannot go into PostgreSQL text/jsonb: removed before anything reads the body.
  const body = jsonbSafe(raw);
  const eventType = typeof body === 'object' && body !== null ? (body as { eventType?: unknown }).eventType : undefined;
  const base = parse(schemaOf(eventType), body);
  const common = { provider: 'bandwidth' as const, providerCallId: base.callId, eventType: base.eventType, eventTime: base.eventTime, payload: body as Record<string, unknown> };
  const own = (facts: CallFact[], reply: ReplyKind): InboundCallWebhook => ({ ...common, callerLegId: base.callId, facts, reply });
  switch (base.eventType) {
    case 'initiate': {
      const startedAt = base.startTime ?? base.eventTime;
      return { ...own([{ kind: 'call_started', at: startedAt }], 'route'), start: { from: base.from, to: base.to, startedAt } };
    }
    case 'transferAnswer': {
      const e = base as z.infer<typeof bLeg>;
      // The answering line is `transferTo` (BW-DOCS webhooks/transferAnswer.mdx; the reference payload's `to` is another number).
      const answeredLine = typeof e.transferTo === 'string' && e.transferTo.length > 0 ? e.transferTo : e.to;
      return { ...common, callerLegId: e.parentCallId, facts: [{ kind: 'forward_answered', at: e.eventTime }], reply: 'bridge', answeredLine };
    }
    case 'transferDisconnect': {
      const e = base as z.infer<typeof bLegWithCause>;
      return { ...common, callerLegId: e.parentCallId, facts: [{ kind: 'informational', at: e.endTime ?? e.eventTime, note: `forwarded leg ended (cause ${e.cause})` }], reply: 'none' };
    }
    case 'transferComplete': {
      const e = base as z.infer<typeof withCause>;
      return own([{ kind: 'forward_ended', at: e.eventTime, cause: bandwidthLegCause(e.cause), providerCause: e.cause }], 'continue');
    }
    case 'disconnect': {
      const e = base as z.infer<typeof withCause>;
      return own([{ kind: 'caller_hung_up', at: e.endTime ?? e.eventTime, cause: bandwidthLegCause(e.cause), providerCause: e.cause }], 'none');
    }
    case 'recordComplete':
    case 'recordingComplete': {
      const e = base as z.infer<typeof recording>;
      return own([voicemailFact(e)], 'hangup');
    }
    case 'recordingAvailable': {
      const e = base as z.infer<typeof recording>;
      const usable = e.status === undefined || e.status === 'complete' || e.status === 'partial';
      return own([usable ? voicemailFact(e) : { kind: 'informational', at: e.eventTime, note: `recording status ${e.status}` }], 'none');
    }
    case 'gather': {
      const e = base as z.infer<typeof gather>;
      const digits = e.digits ?? '';
      if (!e.parentCallId) return own([{ kind: 'informational', at: e.eventTime, note: 'gather on the caller leg' }], 'none');
      const accepted = digits === ANSWER_CONFIRMATION_DIGIT;
      return { ...common, callerLegId: e.parentCallId, facts: [{ kind: accepted ? 'forward_accepted' : 'forward_unaccepted', at: e.eventTime, digits }], reply: accepted ? 'bridge' : 'hangup' };
    }
    case 'redirect':
      return own([{ kind: 'informational', at: base.eventTime, note: 'redirect' }], 'continue');
    default:
      return own([{ kind: 'informational', at: base.eventTime, note: `unhandled event ${base.eventType}` }], 'none');
  }
}

function voicemailFact(e: z.infer<typeof recording>): CallFact {
  const mediaUrl = e.mediaUrl && /^https?:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?\/[^{}\s]*$/i.test(e.mediaUrl) ? e.mediaUrl : undefined;
  return { kind: 'voicemail_recorded', at: e.endTime ?? e.eventTime, recordingId: e.recordingId, durationSeconds: durationSeconds(e.duration), ...(mediaUrl ? { mediaUrl } : {}) };
}
