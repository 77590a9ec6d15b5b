import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, type LocationConfig, smsSendCommandV1, type SmsSendCommandV1 } from '@textback/contracts';

/**
 * An automated `messaging.sms.send.command.v1` from scheduling to `to` (E.164) at `location`, with a fresh command id;
 * `notBefore` (ISO-8601) defers it.
 */
export function buildSendCommand(location: LocationConfig, to: string, body: string, notBefore?: string): EventEnvelope<SmsSendCommandV1> {
  return createEvent(
    smsSendCommandV1,
    { source: '/textback/scheduling', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() },
    { commandId: randomUUID(), to, body, purpose: 'caller_notice', automated: true, requestedBy: 'scheduling', ...(notBefore ? { notBefore } : {}) },
  );
}
