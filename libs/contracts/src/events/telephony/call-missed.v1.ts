import { z } from 'zod';
import { defineContract } from '../../contract';
import { callerKey } from '../../keys';
import { timestampSchema } from '../../primitives';
import { callIdentitySchema } from './call-common';

/**
 * Why a call counts as missed (the missed-call classifier's outcome other than `answered`):
 * - `no_answer`: the location's line rang until the ring timeout.
 * - `busy`: the location's line was busy.
 * - `rejected`: the location's line rejected the call.
 * - `caller_abandoned`: the caller hung up while it rang, after the minimum ring time.
 * - `short_abandon`: the caller hung up before the minimum ring time (no text by default).
 * - `after_hours`: the call came outside business hours.
 * - `voicemail_left`: the caller left a voicemail.
 * - `provider_error`: the carrier reported a cause the classifier does not know or an error.
 * - `machine_or_unaccepted`: the location's line picked up, but nobody pressed the key that accepts the call
 *   (answer confirmation, LocationConfig `answerConfirmation`): a voicemail box or an unattended device answered.
 */
export const missedCallReasonSchema = z.enum([
  'no_answer',
  'busy',
  'rejected',
  'caller_abandoned',
  'short_abandon',
  'after_hours',
  'voicemail_left',
  'provider_error',
  'machine_or_unaccepted',
]);
export type MissedCallReason = z.infer<typeof missedCallReasonSchema>;

/** The missed-call decision: made once per call, with its reason and timings. */
export const callMissedV1 = defineContract({
  type: 'telephony.call.missed.v1',
  kind: 'event',
  description: 'A call was decided missed, with an explicit reason; the start of a lead.',
  data: callIdentitySchema.extend({
    reason: missedCallReasonSchema,
    /** Human-readable explanation of the decision, e.g. "rang 30s until ring timeout". */
    explanation: z.string().min(1),
    /** Seconds the location's line rang (0 when it never rang, e.g. after hours). */
    ringSeconds: z.number().nonnegative(),
    endedAt: timestampSchema,
    decidedAt: timestampSchema,
    /** False when the caller has no number that can receive a text (anonymous, unparseable). */
    callerTextable: z.boolean(),
    /** Carrier's cause as received (Bandwidth `cause`, Twilio `DialCallStatus`), for audits. */
    providerCause: z.string().optional(),
  }),
  key: (e) => callerKey(e.locationId, e.data.callerE164, e.data.callId),
});
export type CallMissedV1 = z.infer<typeof callMissedV1.data>;
