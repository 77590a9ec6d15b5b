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

/** Envelopes {@link createEvent} returned, with the contract each was validated against. */
const validatedEnvelopes = new WeakMap<object, Contract>();

/**
 * Builds and validates an envelope for `contract`. The envelope and its `data` are frozen (shallowly), so it stays
 * what was validated: {@link isValidatedEnvelope} lets a producer skip a second parse of it.
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
  const envelope = contract.envelope.parse(candidate) as EventEnvelope<z.infer<C['data']>>;
  if (typeof envelope.data === 'object' && envelope.data !== null) Object.freeze(envelope.data);
  validatedEnvelopes.set(Object.freeze(envelope), contract);
  return envelope;
}

/**
 * True when `event` is the very object {@link createEvent} returned for `contract` (validated then, frozen since);
 * false for any other object, a copy or spread of one included.
 */
export function isValidatedEnvelope(contract: Contract, event: object): boolean {
  return validatedEnvelopes.get(event) === contract;
}
