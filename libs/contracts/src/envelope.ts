import { z } from 'zod';

/**
 * The event envelope: CloudEvents 1.0 context attributes (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md)
 * plus Textback's routing attributes. Every fact and command on Kafka is one envelope whose
 * `data` is validated by the contract named in `type`.
 *
 * - `id`: UUID, unique per event; consumers de-duplicate on it (inbox).
 * - `source`: URI-reference of the producer, `/textback/<service>`.
 * - `type`: the contract type, e.g. `telephony.call.missed.v1` (version suffix included).
 * - `time`: RFC 3339 timestamp in UTC of the fact (not of publishing).
 * - `subject`: what the event is about (a call id, a message id), when useful.
 * - `tenantId`, `locationId`: owning tenant and location (UUIDs).
 * - `correlationId`: the id of the missed call (or inbound text) that started the story.
 * - `causationId`: id of the event or command that directly caused this one, if any.
 */
export const envelopeAttributesSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+\.v[0-9]+$/, 'type must be <domain>.<entity>.<event>[.cmd].v<N>'),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1).optional(),
  datacontenttype: z.literal('application/json').default('application/json'),
  tenantId: z.uuid(),
  locationId: z.uuid(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
});

/** Envelope attributes without `data`. */
export type EnvelopeAttributes = z.infer<typeof envelopeAttributesSchema>;

/** A parsed event or command envelope carrying `data` of type `T`. */
export type EventEnvelope<T> = EnvelopeAttributes & { data: T };

/** Builds the zod schema of an envelope whose `data` is `dataSchema` and whose `type` is fixed. */
export function envelopeSchema<T extends z.ZodType>(type: string, dataSchema: T) {
  return envelopeAttributesSchema.extend({ type: z.literal(type), data: dataSchema });
}
