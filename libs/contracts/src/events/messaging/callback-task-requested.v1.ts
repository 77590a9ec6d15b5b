import { z } from 'zod';
import { defineContract } from '../../contract';
import { callerKey } from '../../keys';

/** A caller who cannot be texted (landline, international, not textable) needs a call back. */
export const callbackTaskRequestedV1 = defineContract({
  type: 'messaging.callback-task.requested.v1',
  kind: 'event',
  description: 'Ask for a callback task because texting is not possible or not allowed.',
  data: z.object({
    taskKey: z.string().min(1),
    callId: z.uuid().optional(),
    callerE164: z.string().nullable(),
    reason: z.enum(['landline', 'not_textable', 'international', 'opted_out', 'stale', 'anonymous_caller', 'other']),
  }),
  key: (e) => callerKey(e.locationId, e.data.callerE164, e.data.callId ?? e.data.taskKey),
});
export type CallbackTaskRequestedV1 = z.infer<typeof callbackTaskRequestedV1.data>;
