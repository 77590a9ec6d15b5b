import { randomUUID } from 'node:crypto';
import { type z } from 'zod';
import { type Contract } from './contract';
import { type EventEnvelope } from './envelope';

/** Attributes a producer supplies when it creates an event; the rest are generated. */
export interface NewEventAttributes {
  source: string;
  tenantId: string;
  locationId: string;
  correlationId: string;
  causationId?: string;
  subject?: string;
  /** Time of the fact; defaults to now. */
  time?: Date;
  /** Fixed id, for deterministic ids derived from a stable key; defaults to a random UUID. */
  id?: string;
}

/**
 * Builds and validates an envelope for `contract`.
 * @throws z.ZodError when `data` or the attributes do not satisfy the contract.
 */
export function createEvent<C extends Contract>(contract: C, attrs: NewEventAttributes, data: z.input<C['data']>): EventEnvelope<z.infer<C['data']>> {
  const candidate = {
    specversion: '1.0' as const,
    id: attrs.id ?? randomUUID(),
    source: attrs.source,
    type: contract.type,
    time: (attrs.time ?? new Date()).toISOString(),
    ...(attrs.subject ? { subject: attrs.subject } : {}),
    datacontenttype: 'application/json' as const,
    tenantId: attrs.tenantId,
    locationId: attrs.locationId,
    correlationId: attrs.correlationId,
    ...(attrs.causationId ? { causationId: attrs.causationId } : {}),
    data,
  };
  return contract.envelope.parse(candidate) as EventEnvelope<z.infer<C['data']>>;
}
