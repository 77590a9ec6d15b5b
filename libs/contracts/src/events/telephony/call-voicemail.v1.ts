import { z } from 'zod';
import { defineContract } from '../../contract';
import { callerKey } from '../../keys';
import { timestampSchema } from '../../primitives';
import { callIdentitySchema } from './call-common';

/** The caller left a voicemail; the recording is available from the provider. */
export const callVoicemailV1 = defineContract({
  type: 'telephony.call.voicemail.v1',
  kind: 'event',
  description: 'A voicemail was recorded for a call.',
  data: callIdentitySchema.extend({
    recordingId: z.string().min(1),
    /** Recording length in seconds. */
    durationSeconds: z.number().nonnegative(),
    /** Provider URL of the media (requires provider credentials to fetch). */
    mediaUrl: z.url().optional(),
    recordedAt: timestampSchema,
  }),
  key: (e) => callerKey(e.locationId, e.data.callerE164, e.data.callId),
});
export type CallVoicemailV1 = z.infer<typeof callVoicemailV1.data>;
