import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ConsentOptedOutV1, type ConversationTakenOverV1, type EventEnvelope, type FirstTextDecidedV1, TOPICS } from '@textback/contracts';
import { ConsumeEvent, RethrowRpcExceptionFilter } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { CALLER_OPEN_LEAD } from './follow-up.repository';
import { FollowUpService } from './follow-up.service';

/** Starts the `no_reply` cadence after a first text, and stops cadences on opt-out or takeover (a closed lead: LeadConsumer). */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class FollowUpConsumer {
  constructor(private readonly followUps: FollowUpService) {}

  @ConsumeEvent(TOPICS.firstTextDecided)
  async onFirstTextDecided(@Payload() event: EventEnvelope<FirstTextDecidedV1>, @Ctx() tx: TransactionContext): Promise<void> {
    const caller = event.data.callerE164;
    if (event.data.outcome === 'suppressed' || !caller) return;
    // The caller's open lead is read by the cadence's INSERT (CALLER_OPEN_LEAD): one statement fewer per first text.
    await this.followUps.start(tx, { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id }, caller, 'no_reply', CALLER_OPEN_LEAD);
  }

  @ConsumeEvent(TOPICS.consentOptedOut)
  async onOptedOut(@Payload() event: EventEnvelope<ConsentOptedOutV1>, @Ctx() tx: TransactionContext): Promise<void> {
    const scope = event.data.scope === 'tenant' ? { tenantId: event.tenantId } : { tenantId: event.tenantId, locationId: event.locationId };
    await this.followUps.stop(tx, scope, event.data.phoneE164, 'opt_out');
  }

  @ConsumeEvent(TOPICS.conversationTakenOver)
  async onTakenOver(@Payload() event: EventEnvelope<ConversationTakenOverV1>, @Ctx() tx: TransactionContext): Promise<void> {
    await this.followUps.stop(tx, { tenantId: event.tenantId, locationId: event.locationId }, event.data.callerE164, 'takeover');
  }
}
