import { Injectable } from '@nestjs/common';
import { type Contract, createEvent, type LeadStage, leadCreatedV1, leadStageChangedV1, leadUpdatedV1 } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { LEAD_CRM_SOURCE } from '../../database/crm-schema.constants';
import { WebhookRepository } from '../webhooks/webhook.repository';
import { type LeadRecord } from './lead.types';

/** Where a lead change came from, for the envelope's correlation and causation ids. */
export interface LeadEventCause {
  /** The missed call (or first text) that started the story. */
  correlationId: string;
  /** The event or request that caused this change. */
  causationId?: string;
  time?: Date;
}

/**
 * Publishes lead created / updated / stage-changed events through the outbox and queues them
 * for the tenant's CRM webhooks, in the caller's transaction.
 */
@Injectable()
export class LeadEventPublisher {
  constructor(private readonly webhooks: WebhookRepository) {}

  async created(tx: TransactionContext, lead: LeadRecord, cause: LeadEventCause): Promise<void> {
    await this.emit(tx, leadCreatedV1, lead, cause, snapshot(lead));
  }

  async updated(tx: TransactionContext, lead: LeadRecord, cause: LeadEventCause): Promise<void> {
    await this.emit(tx, leadUpdatedV1, lead, cause, snapshot(lead));
  }

  async stageChanged(tx: TransactionContext, lead: LeadRecord, previousStage: LeadStage | null, changedBy: string, cause: LeadEventCause): Promise<void> {
    await this.emit(tx, leadStageChangedV1, lead, cause, { ...snapshot(lead), previousStage, changedBy });
  }

  private async emit(tx: TransactionContext, contract: Contract, lead: LeadRecord, cause: LeadEventCause, data: unknown): Promise<void> {
    const event = createEvent(
      contract,
      {
        source: LEAD_CRM_SOURCE,
        tenantId: lead.tenantId,
        locationId: lead.locationId,
        correlationId: cause.correlationId,
        subject: lead.id,
        ...(cause.causationId ? { causationId: cause.causationId } : {}),
        ...(cause.time ? { time: cause.time } : {}),
      },
      data as never,
    );
    await tx.publish(contract, event);
    await this.webhooks.enqueue(tx, event);
  }
}

/** The published snapshot of a lead (crm.lead.* `data`). */
export function snapshot(lead: LeadRecord) {
  return {
    leadId: lead.id,
    contactId: lead.contactId,
    callerE164: lead.callerE164,
    stage: lead.stage,
    source: lead.source,
    ...(lead.trackingSource ? { trackingSource: lead.trackingSource } : {}),
    ...(lead.missedCallReason ? { missedCallReason: lead.missedCallReason } : {}),
    ...(lead.intent ? { intent: lead.intent } : {}),
    ...(lead.urgency ? { urgency: lead.urgency } : {}),
    ...(lead.serviceId ? { serviceId: lead.serviceId } : {}),
    ...(lead.estimatedValueCents !== null ? { estimatedValueCents: lead.estimatedValueCents } : {}),
    ...(lead.actualValueCents !== null ? { actualValueCents: lead.actualValueCents } : {}),
    ...(lead.callId ? { callId: lead.callId } : {}),
  };
}
