import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { consentOptedInV1, consentOptedOutV1, createEvent, type LocationConfig } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { type ConversationState } from '../conversation/conversation-state.repository';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { type ConsentEntry, ConsentRepository } from './consent.repository';
import { type ConsentMethod, type ConsentScope } from './consent.types';

/**
 * Injection token of the deployment's DEFAULT opt-out scope (env MESSAGING_CONSENT_SCOPE): used for tenants whose
 * franchise manifest sets no `optOutScope` (carried on the location config).
 */
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
  /** How far the change reaches; default: the deployment's default scope. Use {@link ConsentLedger.scopeFor}. */
  scope?: ConsentScope;
  /** The caller's text exactly as received (a change recognised in, or reviewed from, a text). */
  originalText?: string;
  /** The @textback/opt-out rule that fired, its rule-set version and its language. */
  rule?: string;
  rulesVersion?: string;
  language?: string;
  /** The consent review this change resolves and the staff user (JWT `sub`) who resolved it. */
  reviewId?: string;
  resolvedBy?: string;
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
   * text) in one read: what the send policy checks before every automated send. With `automatedSince` the same read
   * also counts the automated texts to the number from the location since then (the hourly cap's count,
   * `automatedRecent`), so the cap costs no statement of its own.
   */
  async standing(
    tx: TransactionContext,
    q: { tenantId: string; locationId: string; phoneE164: string; sendingNumberE164: string | null },
    automatedSince?: Date,
  ): Promise<{ optedOut: boolean; conversation: ConversationState; automatedRecent?: number }> {
    const r = await this.repository.standing(tx.handle, q.tenantId, q.phoneE164, q.locationId, q.sendingNumberE164, automatedSince);
    return {
      optedOut: r.action === 'opt_out',
      conversation: { pausedReason: r.pausedReason, humanActive: r.humanActive, lastInboundAt: r.lastInboundAt },
      ...(r.automatedRecent !== undefined ? { automatedRecent: r.automatedRecent } : {}),
    };
  }

  /** Appends an opt-out and publishes it. */
  async optOut(tx: TransactionContext, change: ConsentChange): Promise<ConsentEntry> {
    return this.record(tx, 'opt_out', change);
  }

  /** Appends an opt-in and publishes it. */
  async optIn(tx: TransactionContext, change: ConsentChange): Promise<ConsentEntry> {
    return this.record(tx, 'opt_in', change);
  }

  /** The deployment's default scope (for tenants that set none). */
  get configuredScope(): ConsentScope {
    return this.scope;
  }

  /**
   * The scope an opt-out recorded now at a location of `config`'s tenant reaches: the tenant's `optOutScope` (location
   * config, from the franchise manifest; `brand` is stored as `tenant`), else the deployment default.
   */
  scopeFor(config: Pick<LocationConfig, 'optOutScope'> | null | undefined): ConsentScope {
    switch (config?.optOutScope) {
      case 'brand':
        return 'tenant';
      case 'location':
        return 'location';
      case 'sending_number':
        return 'sending_number';
      case undefined:
        return this.scope;
    }
  }

  /**
   * The tenant's ledger as CSV (RFC 4180, header row, UTC ISO-8601 times) for audits.
   * Columns: consent_id, at, action, phone, sending_number, location_id, scope, method, channel, keyword, provider_message_id,
   * original_text, rule, rules_version, language, review_id, resolved_by.
   */
  async exportCsv(tx: TransactionContext, tenantId: string): Promise<string> {
    const entries = await this.repository.listForTenant(tx.handle, tenantId);
    const cell = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = ['consent_id,at,action,phone,sending_number,location_id,scope,method,channel,keyword,provider_message_id,original_text,rule,rules_version,language,review_id,resolved_by'];
    for (const e of entries) {
      lines.push(
        [
          e.consentId, e.at.toISOString(), e.action, e.phoneE164, e.sendingNumberE164, e.locationId, e.scope, e.method, e.channel, e.keyword, e.providerMessageId,
          e.originalText, e.rule, e.rulesVersion, e.language, e.reviewId, e.resolvedBy,
        ].map(cell).join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  private async record(tx: TransactionContext, action: 'opt_out' | 'opt_in', c: ConsentChange): Promise<ConsentEntry> {
    const scope = c.scope ?? this.scope;
    const entry: ConsentEntry = {
      consentId: randomUUID(),
      tenantId: c.tenantId,
      locationId: c.locationId,
      phoneE164: c.phoneE164,
      sendingNumberE164: c.sendingNumberE164,
      action,
      scope,
      method: c.method,
      channel: c.channel,
      keyword: c.keyword ?? null,
      providerMessageId: c.providerMessageId ?? null,
      at: c.at,
      originalText: c.originalText ?? null,
      rule: c.rule ?? null,
      rulesVersion: c.rulesVersion ?? null,
      language: c.language ?? null,
      reviewId: c.reviewId ?? null,
      resolvedBy: c.resolvedBy ?? null,
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
        scope,
        method: c.method,
        channel: c.channel,
        ...(c.keyword ? { keyword: c.keyword } : {}),
        ...(c.providerMessageId ? { providerMessageId: c.providerMessageId } : {}),
        at: c.at.toISOString(),
        ...(c.originalText !== undefined ? { originalText: c.originalText.slice(0, 2000) } : {}),
        ...(c.rule ? { rule: c.rule } : {}),
        ...(c.rulesVersion ? { rulesVersion: c.rulesVersion } : {}),
        ...(c.language ? { language: c.language } : {}),
        ...(c.reviewId ? { reviewId: c.reviewId } : {}),
        ...(c.resolvedBy ? { resolvedBy: c.resolvedBy } : {}),
      },
    );
    await tx.publish(contract, event);
    return entry;
  }
}
