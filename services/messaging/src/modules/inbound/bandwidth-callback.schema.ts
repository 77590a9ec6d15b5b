import { z } from 'zod';

/**
 * One Bandwidth messaging callback event (bandwidth.yml `statusCallback`/`inboundCallback`; api-docs
 * messaging/webhooks.mdx). The body is always a JSON ARRAY of these. Unknown fields are kept.
 */
export const bandwidthMessageCallbackSchema = z.looseObject({
  type: z.string().min(1),
  time: z.string().min(1),
  description: z.string().optional(),
  to: z.string().min(1),
  errorCode: z.union([z.number(), z.string()]).optional(),
  message: z.looseObject({
    id: z.string().min(1),
    owner: z.string().optional(),
    time: z.string().optional(),
    direction: z.enum(['in', 'out']),
    to: z.array(z.string()).optional(),
    from: z.string().min(1),
    text: z.string().default(''),
    media: z.array(z.string()).optional(),
    tag: z.string().optional(),
    segmentCount: z.number().optional(),
  }),
});
export type BandwidthMessageCallback = z.infer<typeof bandwidthMessageCallbackSchema>;

/** The callback body: a non-empty array of events. */
export const bandwidthCallbackBodySchema = z.array(bandwidthMessageCallbackSchema).min(1);
