import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { consentOptedInV1, consentOptedOutV1, createEvent } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { type ConversationState } from '../conversation/conversation-state.repository';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { type ConsentEntry, ConsentRepository } from './consent.repository';
import { type ConsentMethod, type ConsentScope } from './consent.types';

/** Injection token of the configured opt-out scope (env MESSAGING_CONSENT_SCOPE). */
export const CONSENT_SCOPE = Symbol('ConsentScope');

/** A consent change to record. */
export interface ConsentChange {
  tenantId: string;
  locationId: string;
  phoneE164: string;
  sendingNumberE164: string;
  method: ConsentMethod;
  channel: 'sms' | 'voice' | 'api';
  keyword?: string;
  providerMessageId?: string;
  correlationId: string;
  causationId?: string;
  at: Date;
}

/**
 * The consent ledger: an append-only record of every opt-out and opt-in (time, channel, sending number, location,
 * tenant, provider message id, method) with the configured scope. `isOptedOut` is asked before every automated
 * send; each change publishes `messaging.consent.opted-out.v1` / `opted-in.v1` through the outbox.
 */
@Injectable()
export class ConsentLedger {
  constructor(
    private readonly repository: ConsentRepository,
    @Inject(CONSENT_SCOPE) private readonly scope: ConsentScope,
  ) {}

  /** True when the latest ledger entry reaching a send from `sendingNumber` at `locationId` to `phone` is an opt-out. */
  async isOptedOut(tx: TransactionContext, q: { tenantId: string; locationId: string; phoneE164: string; sendingNumberE164: string | null }): Promise<boolean> {
    const latest = await this.repository.latestApplicable(tx.handle, q.tenantId, q.phoneE164, q.locationId, q.sendingNumberE164);
    return latest?.action === 'opt_out';
  }

  /**
   * The `limit` latest ledger entries reaching a send from `sendingNumberE164` at `locationId` to `phoneE164`, newest
   * first: the send decision checks that a confirmation answers the current entry (and, for START, that it reversed an
   * opt-out).
   */
  async latestEntries(tx: TransactionContext, q: { tenantId: string; locationId: string; phoneE164: string; sendingNumberE164: string | null }, limit = 2): Promise<ConsentEntry[]> {
    return this.repository.recentApplicable(tx.handle, q.tenantId, q.phoneE164, q.locationId, q.sendingNumberE164, limit);
  }

  /**
   * {@link isOptedOut} and the caller's conversation state at `q.locationId` (pause, human takeover, last inbound
   * text) in one read: what the send policy checks before every automated send.
   */
  async standing(tx: TransactionContext, q: { tenantId: string; locationId: string; phoneE164: string; sendingNumberE164: string | null }): Promise<{ optedOut: boolean; conversation: ConversationState }> {
    const r = await this.repository.standing(tx.handle, q.tenantId, q.phoneE164, q.locationId, q.sendingNumberE164);
    return { optedOut: r.action === 'opt_out', conversation: { pausedReason: r.pausedReason, humanActive: r.humanActive, lastInboundAt: r.lastInboundAt } };
  }

  /** Appends an opt-out and publishes it. */
  async optOut(tx: TransactionContext, change: ConsentChange): Promise<ConsentEntry> {
    return this.record(tx, 'opt_out', change);
  }

  /** Appends an opt-in and publishes it. */
  async optIn(tx: TransactionContext, change: ConsentChange): Promise<ConsentEntry> {
    return this.record(tx, 'opt_in', change);
  }

  /** The configured scope (what an opt-out recorded now reaches). */
  get configuredScope(): ConsentScope {
    return this.scope;
  }

  /**
   * The tenant's ledger as CSV (RFC 4180, header row, UTC ISO-8601 times) for audits.
   * Columns: consent_id, at, action, phone, sending_number, location_id, scope, method, channel, keyword, provider_message_id.
   */
  async exportCsv(tx: TransactionContext, tenantId: string): Promise<string> {
    const entries = await this.repository.listForTenant(tx.handle, tenantId);
    const cell = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = ['consent_id,at,action,phone,sending_number,location_id,scope,method,channel,keyword,provider_message_id'];
    for (const e of entries) {
      lines.push(
        [e.consentId, e.at.toISOString(), e.action, e.phoneE164, e.sendingNumberE164, e.locationId, e.scope, e.method, e.channel, e.keyword, e.providerMessageId].map(cell).join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  private async record(tx: TransactionContext, action: 'opt_out' | 'opt_in', c: ConsentChange): Promise<ConsentEntry> {
    const entry: ConsentEntry = {
      consentId: randomUUID(),
      tenantId: c.tenantId,
      locationId: c.locationId,
      phoneE164: c.phoneE164,
      sendingNumberE164: c.sendingNumberE164,
      action,
      scope: this.scope,
      method: c.method,
      channel: c.channel,
      keyword: c.keyword ?? null,
      providerMessageId: c.providerMessageId ?? null,
      at: c.at,
    };
    await this.repository.append(tx.handle, entry);
    const contract = action === 'opt_out' ? consentOptedOutV1 : consentOptedInV1;
    const event = createEvent(
      contract,
      { source: MESSAGING_SOURCE, tenantId: c.tenantId, locationId: c.locationId, correlationId: c.correlationId, ...(c.causationId ? { causationId: c.causationId } : {}), time: c.at },
      {
        consentId: entry.consentId,
        phoneE164: c.phoneE164,
        sendingNumberE164: c.sendingNumberE164,
        scope: this.scope,
        method: c.method,
        channel: c.channel,
        ...(c.keyword ? { keyword: c.keyword } : {}),
        ...(c.providerMessageId ? { providerMessageId: c.providerMessageId } : {}),
        at: c.at.toISOString(),
      },
    );
    await tx.publish(contract, event);
    return entry;
  }
}
