import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type LeadCreatedV1, type LeadStageChangedV1, type LeadUpdatedV1, TOPICS } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { FollowUpService } from '../follow-up/follow-up.service';
import { LeadRefRepository } from './lead-ref.repository';

type LeadSnapshot = LeadCreatedV1 | LeadUpdatedV1 | LeadStageChangedV1;

/**
 * lead-crm's lead events: remember the caller's current lead per location (so booking, callback
 * and dispatch events name it, and records made before it was known get it), and stop the
 * caller's follow-up cadence when the lead is booked, won or lost.
 */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class LeadConsumer {
  constructor(
    private readonly leads: LeadRefRepository,
    private readonly followUps: FollowUpService,
  ) {}

  @ConsumeEvent(TOPICS.leadCreated)
  async onLeadCreated(@Payload() event: EventEnvelope<LeadCreatedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.remember(tx, event);
  }

  @ConsumeEvent(TOPICS.leadUpdated)
  async onLeadUpdated(@Payload() event: EventEnvelope<LeadUpdatedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.remember(tx, event);
  }

  @ConsumeEvent(TOPICS.leadStageChanged)
  async onStageChanged(@Payload() event: EventEnvelope<LeadStageChangedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    const stage = event.data.stage;
    await this.remember(tx, event);
    if (stage === 'won' || stage === 'lost' || stage === 'booked') await this.followUps.stop(tx, { tenantId: event.tenantId, locationId: event.locationId }, event.data.callerE164, stage === 'booked' ? 'booking' : 'lead_closed');
  }

  private async remember(tx: TransactionContext, event: EventEnvelope<LeadSnapshot>): Promise<void> {
    const { leadId, callerE164, stage } = event.data;
    await this.leads.recordAndAttach(tx.handle, { tenantId: event.tenantId, locationId: event.locationId, callerE164, leadId, stage, eventTime: new Date(event.time) });
  }
}
