import { z } from 'zod';
import { defineContract } from '../../contract';
import { callerKey } from '../../keys';
import { callIdentitySchema } from './call-common';

/** A call reached a location's number; it is being forwarded (or sent to the after-hours path). */
export const callReceivedV1 = defineContract({
  type: 'telephony.call.received.v1',
  kind: 'event',
  description: 'An inbound call reached a Textback number and was routed (forwarded or after-hours).',
  data: callIdentitySchema.extend({
    route: z.enum(['forward', 'after_hours']),
    /** The location line the call is forwarded to (E.164), for `forward`. */
    forwardedToE164: z.string().optional(),
  }),
  key: (e) => callerKey(e.locationId, e.data.callerE164, e.data.callId),
});
export type CallReceivedV1 = z.infer<typeof callReceivedV1.data>;
