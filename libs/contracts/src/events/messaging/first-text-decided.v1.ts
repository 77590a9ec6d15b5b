import { z } from 'zod';
import { defineContract } from '../../contract';
import { callerKey } from '../../keys';
import { timestampSchema } from '../../primitives';

/** Why messaging did not send a first text (every "no" has a reason). */
export const firstTextSuppressionReasonSchema = z.enum([
  'opted_out',
  'landline',
  'not_textable',
  'cooldown',
  'quiet_hours_deferred',
  'stale',
  'international',
  'answered',
  'human_active',
  'sender_not_registered',
  'short_abandon',
  'anonymous_caller',
  'unknown_location',
]);
export type FirstTextSuppressionReason = z.infer<typeof firstTextSuppressionReasonSchema>;

/** messaging's decision on a missed call: a first text was queued, or it was suppressed and why. */
export const firstTextDecidedV1 = defineContract({
  type: 'messaging.first-text.decided.v1',
  kind: 'event',
  description: 'The first-text policy decision for a missed call, with its reason.',
  data: z.object({
    callId: z.uuid(),
    callerE164: z.string().nullable(),
    outcome: z.enum(['sent', 'suppressed', 'deferred']),
    reason: firstTextSuppressionReasonSchema.optional(),
    /** The send command issued when outcome is sent or deferred. */
    commandId: z.uuid().optional(),
    /** Seconds from the missed-call decision to this decision. */
    decisionLatencySeconds: z.number().nonnegative(),
    decidedAt: timestampSchema,
  }),
  key: (e) => callerKey(e.locationId, e.data.callerE164, e.data.callId),
});
export type FirstTextDecidedV1 = z.infer<typeof firstTextDecidedV1.data>;
