import { type Contract, createEvent, type EventEnvelope, smsSendCommandV1, type SmsPurpose } from '@textback/contracts';
import { type z } from 'zod';
import { stableId } from '../clock/stable-id.util';

/** CloudEvents `source` of everything scheduling publishes. */
export const SCHEDULING_SOURCE = '/textback/scheduling';

/** Envelope attributes carried from the event that caused a new one. */
export interface Lineage {
  tenantId: string;
  locationId: string;
  correlationId: string;
  causationId?: string;
}

/**
 * Builds an event of `contract` whose id derives from `stableKey`, so re-emitting it (after a
 * redelivery or a crash) is de-duplicated by the outbox. `time` is the scheduling clock's now.
 * @throws z.ZodError when `data` does not satisfy the contract.
 */
export function scheduledEvent<C extends Contract>(contract: C, stableKey: string, lineage: Lineage, now: Date, data: z.input<C['data']>): EventEnvelope<z.infer<C['data']>> {
  return createEvent(contract, { source: SCHEDULING_SOURCE, ...lineage, time: now, id: stableId(`${contract.type}|${stableKey}`) }, data);
}

/** A text to send through messaging (its consent, quiet-hours and rate policy apply). */
export interface TextRequest {
  /** Stable key of this text: the same key is one text however often it is re-emitted. */
  key: string;
  to: string;
  body: string;
  purpose: SmsPurpose;
  /** True for bot/follow-up texts (quiet hours apply); false for pages a person must get now. */
  automated: boolean;
  notBefore?: Date;
}

/** A `messaging.sms.send.cmd.v1` whose `commandId` (messaging's idempotency key) derives from `text.key`. */
export function sendTextCommand(lineage: Lineage, now: Date, text: TextRequest) {
  const commandId = stableId(`sms|${text.key}`);
  return createEvent(smsSendCommandV1, { source: SCHEDULING_SOURCE, ...lineage, time: now, id: commandId }, {
    commandId,
    to: text.to,
    body: text.body,
    purpose: text.purpose,
    automated: text.automated,
    ...(text.notBefore ? { notBefore: text.notBefore.toISOString() } : {}),
    requestedBy: 'scheduling',
  });
}
