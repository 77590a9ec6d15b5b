import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConsentOptedOutV1, type ConversationTakenOverV1, type EventEnvelope, type FirstTextDecidedV1, TOPICS } from '@textback/contracts';
import { RethrowRpcExceptionFilter } from '@textback/kafka';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { applyOnce } from '../shared/apply-once.util';
import { LeadRefRepository } from '../lead/lead-ref.repository';
import { FollowUpService } from './follow-up.service';

/** Starts the `no_reply` cadence after a first text, and stops cadences on opt-out or takeover (a closed lead: LeadConsumer). */
// Controller-scoped as well as global: PermanentEventError must reach the transport intact (see README).
@UseFilters(RethrowRpcExceptionFilter)
@Controller()
export class FollowUpConsumer {
  constructor(
    private readonly followUps: FollowUpService,
    private readonly leads: LeadRefRepository,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
  ) {}

  @EventPattern(TOPICS.firstTextDecided)
  async onFirstTextDecided(@Payload() event: EventEnvelope<FirstTextDecidedV1>): Promise<void> {
    const caller = event.data.callerE164;
    if (event.data.outcome === 'suppressed' || !caller) return;
    await applyOnce(this.runner, this.definition.name, event, async (tx) => {
      const leadId = await this.leads.openLeadId(tx.handle, event.tenantId, event.locationId, caller);
      return this.followUps.start(tx, { tenantId: event.tenantId, locationId: event.locationId, correlationId: event.correlationId, causationId: event.id }, caller, 'no_reply', leadId);
    });
  }

  @EventPattern(TOPICS.consentOptedOut)
  async onOptedOut(@Payload() event: EventEnvelope<ConsentOptedOutV1>): Promise<void> {
    const scope = event.data.scope === 'tenant' ? { tenantId: event.tenantId } : { tenantId: event.tenantId, locationId: event.locationId };
    await applyOnce(this.runner, this.definition.name, event, (tx) => this.followUps.stop(tx, scope, event.data.phoneE164, 'opt_out'));
  }

  @EventPattern(TOPICS.conversationTakenOver)
  async onTakenOver(@Payload() event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await applyOnce(this.runner, this.definition.name, event, (tx) => this.followUps.stop(tx, { tenantId: event.tenantId, locationId: event.locationId }, event.data.callerE164, 'takeover'));
  }
}
