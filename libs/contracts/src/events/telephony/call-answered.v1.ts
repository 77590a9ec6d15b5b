import { z } from 'zod';
import { defineContract } from '../../contract';
import { callerKey } from '../../keys';
import { timestampSchema } from '../../primitives';
import { callIdentitySchema } from './call-common';

/** Somebody at the location answered the forwarded call: no missed call, no text. */
export const callAnsweredV1 = defineContract({
  type: 'telephony.call.answered.v1',
  kind: 'event',
  description: 'The forwarded call was answered by the location.',
  data: callIdentitySchema.extend({
    answeredAt: timestampSchema,
    /** Seconds the call rang before it was answered. */
    ringSeconds: z.number().nonnegative(),
  }),
  key: (e) => callerKey(e.locationId, e.data.callerE164, e.data.callId),
});
export type CallAnsweredV1 = z.infer<typeof callAnsweredV1.data>;
