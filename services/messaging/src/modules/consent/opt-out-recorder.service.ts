import { Injectable } from '@nestjs/common';
import { type LocationConfig } from '@textback/contracts';
import { LocationDirectory } from '@textback/platform';
import { type TransactionContext } from '@textback/persistence';
import { OutboundMessageRepository } from '../sending/outbound-message.repository';
import { SendPolicy } from '../sending/send-policy.service';
import { stableUuid } from '../shared/stable-id.util';
import { TemplateCatalog } from '../templates/template-catalog.service';
import { type ConsentChange, ConsentLedger } from './consent-ledger.service';
import { type ConsentEntry } from './consent.repository';

/** An opt-out to record: the ledger change without its scope (the tenant's scope applies). */
export type OptOutRequest = Omit<ConsentChange, 'scope' | 'tenantId' | 'locationId'>;

/**
 * What follows from a caller's opt-out, wherever it was decided (a recognised text, a staff review): the ledger
 * entry in the tenant's scope ({@link ConsentLedger.scopeFor}), queued texts that it now forbids cancelled, and ONE
 * confirmation text, asked of the send decision as the `opt_out_confirmation` keyword reply answering that entry
 * (command id derived from the entry id, so a redelivery never asks twice; the send decision allows it once per
 * entry within 5 minutes, CTIA Messaging Principles and Best Practices §5.1.1 / 47 CFR 64.1200(a)(12)).
 */
@Injectable()
export class OptOutRecorder {
  constructor(
    private readonly consent: ConsentLedger,
    private readonly messages: OutboundMessageRepository,
    private readonly directory: LocationDirectory,
    private readonly templates: TemplateCatalog,
    private readonly policy: SendPolicy,
  ) {}

  /**
   * Records the opt-out of `change.phoneE164` at `config`'s location and asks for its confirmation.
   * @returns the ledger entry and whether the confirmation was queued (the caller nudges the send worker then).
   */
  async record(
    tx: TransactionContext,
    config: LocationConfig,
    change: OptOutRequest,
  ): Promise<{ entry: ConsentEntry; confirmationQueued: boolean }> {
    const scope = this.consent.scopeFor(config);
    const entry = await this.consent.optOut(tx, {
      ...change,
      tenantId: config.tenantId,
      locationId: config.locationId,
      scope,
    });
    const locations =
      scope === 'tenant' ? await this.directory.locationIdsOfTenant(config.tenantId, tx.handle) : [config.locationId];
    await this.messages.cancelQueuedTo(
      tx.handle,
      change.phoneE164,
      locations.length > 0 ? locations : [config.locationId],
      scope === 'sending_number' ? change.sendingNumberE164 : null,
      change.at,
    );
    const confirmationQueued = await this.confirm(tx, config, entry, change.correlationId);
    return { entry, confirmationQueued };
  }

  /**
   * The one confirmation of ledger entry `entry`, from the number the caller texted, through the send decision.
   * The send decision (`SendDecision`) allows it once per ledger entry, within 5 minutes of the entry.
   */
  private async confirm(
    tx: TransactionContext,
    config: LocationConfig,
    entry: ConsentEntry,
    correlationId: string,
  ): Promise<boolean> {
    const result = await this.policy.enqueue(tx, {
      commandId: stableUuid('opt-out-confirmation', entry.consentId),
      tenantId: config.tenantId,
      locationId: config.locationId,
      correlationId,
      to: entry.phoneE164,
      from: entry.sendingNumberE164,
      body: this.templates.render(config, 'opt_out_confirmation').body,
      purpose: 'keyword_reply',
      automated: true,
      requestedBy: 'messaging',
      config,
      origin: { kind: 'messaging' },
      compliance: { kind: 'opt_out_confirmation', consentId: entry.consentId },
    });
    return result.status === 'queued';
  }
}
