import { isPlausibleEventTime, jsonbSafe } from '@textback/platform';
import { z } from 'zod';
import { ANSWER_CONFIRMATION_DIGIT } from '../../answer-confirmation.constants';
import { type CallFact, type LegCause } from '../../call-facts.types';
import { type InboundCallWebhook, MalformedWebhookException } from '../../call-webhook.types';

/** The Twilio voice webhooks this service serves (the last segment of their URL). */
export type TwilioVoiceHook = 'incoming' | 'dial-action' | 'status' | 'record-action' | 'recording-status' | 'whisper' | 'whisper-gather';

/** Request parameters of every Twilio voice webhook (form-encoded; CARRIER-APIS.md §4.1). */
const callSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-zA-Z]{8,62}$/, 'must be a Twilio CallSid (CA…)'),
  AccountSid: z.string().min(1),
  From: z.string(),
  To: z.string().min(1),
  CallStatus: z.string().min(1).max(32),
  ParentCallSid: z.string().max(64).optional(),
  Timestamp: z.string().optional(),
});
const dialSchema = callSchema.extend({ DialCallStatus: z.string().min(1).max(32), DialCallDuration: z.string().regex(/^\d{1,7}$/).optional() });
/** The forwarded (child) leg's requests: its `<Number url>` whisper and that whisper's `<Gather action>`. */
const childSchema = callSchema.extend({ ParentCallSid: z.string().min(1).max(64) });
/** `<Gather action>` request: `Digits` the keys pressed (empty with `actionOnEmptyResult` and no input). */
const gatherSchema = childSchema.extend({ Digits: z.string().max(64).optional() });
const recordingSchema = callSchema.extend({ RecordingSid: z.string().min(1).max(64), RecordingDuration: z.string().regex(/^-?\d{1,7}$/).optional(), RecordingUrl: z.string().optional(), RecordingStatus: z.string().optional() });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new MalformedWebhookException('twilio', result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  return result.data;
}

/**
 * Twilio `DialCallStatus` / `CallStatus` values to {@link LegCause}
 * (https://www.twilio.com/docs/voice/twiml/dial.md#action; CARRIER-APIS.md §4.1 mapping table).
 */
export function twilioLegCause(status: string): LegCause {
  switch (status) {
    case 'completed':
    case 'answered':
      return 'hangup';
    case 'no-answer':
      return 'timeout';
    case 'busy':
      return 'busy';
    case 'canceled':
      return 'cancel';
    case 'failed':
      return 'error';
    default:
      return 'unrecognized';
  }
}

/** Status-callback `Timestamp` (RFC 2822) as ISO-8601, else (absent, unreadable or implausible) `fallback`. */
function timestampOf(value: string | undefined, fallback: string): string {
  const t = value ? Date.parse(value) : Number.NaN;
  return isPlausibleEventTime(t) ? new Date(t).toISOString() : fallback;
}

/**
 * Validates a Twilio voice webhook (form map) and translates it into an {@link InboundCallWebhook}.
 * Twilio webhooks carry no event time except status callbacks' `Timestamp`, so `receivedAt`
 * stands in for the others.
 * - `incoming` → call started, reply `route` (TwiML `<Dial>` or voicemail).
 * - `dial-action` (`DialCallStatus`): `completed`/`answered` → forward ended normally (with
 *   `DialCallDuration` talk seconds); `canceled` → the caller hung up while it rang (we never
 *   cancel through the REST API); others → forward ended with that cause. Reply `continue`.
 * - `status` with `ParentCallSid` (the `<Number statusCallback>` of the forwarded leg):
 *   `in-progress`/`answered` → forward answered; `no-answer`/`busy`/`failed`/`canceled` → forward
 *   ended; others informational. Without it (the caller's leg): a final status → caller hung up.
 * - `record-action` (reply `hangup`) and `recording-status` (`RecordingStatus` `completed`) → voicemail.
 * - `whisper` (the forwarded leg's `<Number url>`, requested when it answers; `ParentCallSid` = the caller's leg) →
 *   informational, reply `bridge` (the lifecycle turns it into the confirmation prompt for a call with answer
 *   confirmation). `whisper-gather` (that prompt's `<Gather action>`): `Digits` `1` → forward accepted, reply
 *   `bridge` (the whisper ends, the legs connect); empty or another key → not accepted, reply `hangup` (of the child).
 * @throws MalformedWebhookException when a documented required parameter is missing.
 */
export function parseTwilioWebhook(hook: TwilioVoiceHook, raw: unknown, receivedAt: string): InboundCallWebhook {
  // U+0000 and lone surrogates cannot go into PostgreSQL text/jsonb: removed before anything reads the form.
  const body = jsonbSafe(raw);
  const call = parse(callSchema, body);
  const common = { provider: 'twilio' as const, providerCallId: call.CallSid, payload: body as Record<string, unknown> };
  const own = (eventType: string, at: string, facts: CallFact[], reply: InboundCallWebhook['reply']): InboundCallWebhook => ({ ...common, eventType, eventTime: at, callerLegId: call.CallSid, facts, reply });
  switch (hook) {
    case 'incoming':
      return { ...own('incoming', receivedAt, [{ kind: 'call_started', at: receivedAt }], 'route'), start: { from: call.From, to: call.To, startedAt: receivedAt } };
    case 'dial-action': {
      const d = parse(dialSchema, body);
      const cause = twilioLegCause(d.DialCallStatus);
      const fact: CallFact =
        cause === 'cancel'
          ? { kind: 'caller_hung_up', at: receivedAt, cause, providerCause: d.DialCallStatus }
          : { kind: 'forward_ended', at: receivedAt, cause, providerCause: d.DialCallStatus, ...(cause === 'hangup' && d.DialCallDuration ? { talkSeconds: Number(d.DialCallDuration) } : {}) };
      return own('dial-action', receivedAt, [fact], 'continue');
    }
    case 'status': {
      const at = timestampOf(call.Timestamp, receivedAt);
      const eventType = `status:${call.CallStatus}`;
      if (call.ParentCallSid) {
        const cause = twilioLegCause(call.CallStatus);
        const fact: CallFact =
          call.CallStatus === 'in-progress' || call.CallStatus === 'answered'
            ? { kind: 'forward_answered', at }
            : cause !== 'hangup' && cause !== 'unrecognized'
              ? { kind: 'forward_ended', at, cause, providerCause: call.CallStatus }
              : { kind: 'informational', at, note: `forwarded leg ${call.CallStatus}` };
        return { ...common, eventType, eventTime: at, callerLegId: call.ParentCallSid, facts: [fact], reply: 'none' };
      }
      const final = ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(call.CallStatus);
      const fact: CallFact = final
        ? { kind: 'caller_hung_up', at, cause: call.CallStatus === 'completed' || call.CallStatus === 'no-answer' ? 'hangup' : twilioLegCause(call.CallStatus), providerCause: call.CallStatus }
        : { kind: 'informational', at, note: `call ${call.CallStatus}` };
      return own(eventType, at, [fact], 'none');
    }
    case 'whisper': {
      const c = parse(childSchema, body);
      return { ...common, eventType: 'whisper', eventTime: receivedAt, callerLegId: c.ParentCallSid, facts: [{ kind: 'forward_answered', at: receivedAt }], reply: 'bridge', answeredLine: c.To };
    }
    case 'whisper-gather': {
      const g = parse(gatherSchema, body);
      const digits = g.Digits ?? '';
      const accepted = digits === ANSWER_CONFIRMATION_DIGIT;
      return {
        ...common,
        eventType: 'whisper-gather',
        eventTime: receivedAt,
        callerLegId: g.ParentCallSid,
        facts: [{ kind: accepted ? 'forward_accepted' : 'forward_unaccepted', at: receivedAt, digits }],
        reply: accepted ? 'bridge' : 'hangup',
      };
    }
    case 'record-action':
    case 'recording-status': {
      const r = parse(recordingSchema, body);
      const usable = hook === 'record-action' || r.RecordingStatus === undefined || r.RecordingStatus === 'completed';
      const mediaUrl = r.RecordingUrl && URL.canParse(r.RecordingUrl) ? r.RecordingUrl : undefined;
      const fact: CallFact = usable
        ? { kind: 'voicemail_recorded', at: receivedAt, recordingId: r.RecordingSid, durationSeconds: Math.max(0, Number(r.RecordingDuration ?? '0')), ...(mediaUrl ? { mediaUrl } : {}) }
        : { kind: 'informational', at: receivedAt, note: `recording ${r.RecordingStatus ?? ''}` };
      return own(hook, receivedAt, [fact], hook === 'record-action' ? 'hangup' : 'none');
    }
  }
}
