import { z } from 'zod';
import { e164Schema, providerSchema, timestampSchema } from '../../primitives';

/**
 * Fields every call event carries. `callId` is Textback's UUID for the call (also the
 * correlation id of everything that follows); `providerCallId` is the carrier's id
 * (Bandwidth `callId`, Twilio `CallSid`).
 * `callerE164` is null when the caller is private, anonymous, restricted or unavailable, or
 * the caller id cannot be parsed; `callerRaw` keeps what the carrier sent.
 */
export const callIdentitySchema = z.object({
  callId: z.uuid(),
  provider: providerSchema,
  providerCallId: z.string().min(1),
  callerE164: e164Schema.nullable(),
  callerRaw: z.string(),
  /** The number the caller dialled (a location's main line or tracking number). */
  dialedE164: e164Schema,
  /** The tracking source of the dialled number (e.g. `google-ads`), when it is a tracking number. */
  trackingSource: z.string().min(1).optional(),
  startedAt: timestampSchema,
});
