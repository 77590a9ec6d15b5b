import { isPlausibleEventTime } from '@textback/platform';
import { z } from 'zod';

/** An event time: parseable and in [2000-01-01, now + 1 day] (`+200000-01-01` parses but breaks contracts). */
const eventTime = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => isPlausibleEventTime(Date.parse(s)), { message: 'must be an ISO-8601 time between 2000 and now + 1 day' });

/**
 * One Bandwidth messaging callback event (bandwidth.yml `statusCallback`/`inboundCallback`; api-docs
 * messaging/webhooks.mdx). The body is always a JSON ARRAY of these. Unknown fields are kept.
 */
export const bandwidthMessageCallbackSchema = z.looseObject({
  type: z.string().min(1).max(64),
  time: eventTime,
  description: z.string().optional(),
  to: z.string().min(1).max(64),
  errorCode: z.union([z.number(), z.string()]).optional(),
  message: z.looseObject({
    id: z.string().min(1).max(128),
    owner: z.string().max(64).optional(),
    time: eventTime.optional(),
    direction: z.enum(['in', 'out']),
    to: z.array(z.string()).optional(),
    // Indexed (ix_inbound_callback_sender): a btree entry must stay small; no sender address is longer.
    from: z.string().min(1).max(64),
    text: z.string().default(''),
    media: z.array(z.string()).optional(),
    tag: z.string().optional(),
    segmentCount: z.number().optional(),
  }),
});
export type BandwidthMessageCallback = z.infer<typeof bandwidthMessageCallbackSchema>;

/** The callback body: a non-empty array of events (each validated on its own by the intake). */
export const bandwidthCallbackBodySchema = z.array(bandwidthMessageCallbackSchema).min(1);
