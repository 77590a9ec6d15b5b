import { Injectable } from '@nestjs/common';
import { type ConsentMethod, type ConsentScope } from './consent.types';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { MessagingSchema } from '../shared/messaging-schema';
import { automatedRecentCountSql } from '../sending/automated-recent.sql';

/** Ledger entries that reach a send to $2 (phone) of tenant $1 from location $3 and sending number $4 (null = any). */
const APPLICABLE = `tenant_id = $1 AND phone_e164 = $2
  AND (scope = 'tenant' OR (scope = 'location' AND location_id = $3) OR (scope = 'sending_number' AND ($4::text IS NULL OR sending_number_e164 = $4)))`;

/** One consent-ledger entry (append-only). */
export interface ConsentEntry {
  consentId: string;
  tenantId: string;
  locationId: string;
  phoneE164: string;
  sendingNumberE164: string;
  action: 'opt_out' | 'opt_in';
  scope: ConsentScope;
  method: ConsentMethod;
  channel: 'sms' | 'voice' | 'api';
  keyword: string | null;
  providerMessageId: string | null;
  at: Date;
  /** The caller's text as received, when the change was recognised in (or reviewed from) a text. */
  originalText: string | null;
  /** The @textback/opt-out rule that fired (`review.staff` for a reviewed text). */
  rule: string | null;
  rulesVersion: string | null;
  language: string | null;
  /** The consent review this change resolved, and the staff user (JWT `sub`) who resolved it. */
  reviewId: string | null;
  resolvedBy: string | null;
}

interface Row {
  consent_id: string;
  tenant_id: string;
  location_id: string;
  phone_e164: string;
  sending_number_e164: string;
  action: 'opt_out' | 'opt_in';
  scope: ConsentScope;
  method: ConsentMethod;
  channel: 'sms' | 'voice' | 'api';
  keyword: string | null;
  provider_message_id: string | null;
  at: Date;
  original_text: string | null;
  rule: string | null;
  rules_version: string | null;
  language: string | null;
  review_id: string | null;
  resolved_by: string | null;
}

const toEntry = (r: Row): ConsentEntry => ({
  consentId: r.consent_id,
  tenantId: r.tenant_id,
  locationId: r.location_id,
  phoneE164: r.phone_e164,
  sendingNumberE164: r.sending_number_e164,
  action: r.action,
  scope: r.scope,
  method: r.method,
  channel: r.channel,
  keyword: r.keyword,
  providerMessageId: r.provider_message_id,
  at: r.at,
  originalText: r.original_text,
  rule: r.rule,
  rulesVersion: r.rules_version,
  language: r.language,
  reviewId: r.review_id,
  resolvedBy: r.resolved_by,
});

/** SQL of the consent ledger. Reads are scoped by tenant id. */
@Injectable()
export class ConsentRepository {
  constructor(private readonly schema: MessagingSchema) {}

  async append(tx: TransactionHandle, e: ConsentEntry): Promise<void> {
    await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.consent_ledger (consent_id, tenant_id, location_id, phone_e164, sending_number_e164, action, scope, method, channel, keyword,
         provider_message_id, at, original_text, rule, rules_version, language, review_id, resolved_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
      [
        e.consentId, e.tenantId, e.locationId, e.phoneE164, e.sendingNumberE164, e.action, e.scope, e.method, e.channel, e.keyword,
        e.providerMessageId, e.at, e.originalText, e.rule, e.rulesVersion, e.language, e.reviewId, e.resolvedBy,
      ],
    );
  }

  /**
   * The latest ledger entry of `phone` (within `tenantId`) that reaches a send from `sendingNumber` at `locationId`:
   * a tenant-scoped entry, a location-scoped entry of that location, or a number-scoped entry of that number.
   */
  async latestApplicable(tx: TransactionHandle, tenantId: string, phone: string, locationId: string, sendingNumber: string | null): Promise<ConsentEntry | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.consent_ledger WHERE ${APPLICABLE} ORDER BY at DESC, consent_id DESC LIMIT 1`,
      [tenantId, phone, locationId, sendingNumber],
    )) as Row[];
    return rows[0] ? toEntry(rows[0]) : null;
  }

  /** The `limit` latest ledger entries of `phone` that reach a send from `sendingNumber` at `locationId`, newest first. */
  async recentApplicable(tx: TransactionHandle, tenantId: string, phone: string, locationId: string, sendingNumber: string | null, limit: number): Promise<ConsentEntry[]> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.consent_ledger WHERE ${APPLICABLE} ORDER BY at DESC, consent_id DESC LIMIT $5`,
      [tenantId, phone, locationId, sendingNumber, limit],
    )) as Row[];
    return rows.map(toEntry);
  }

  /**
   * The latest applicable ledger action (as {@link latestApplicable}) and the caller's conversation state at
   * `locationId` in ONE round trip: what the send policy reads before every automated send. With `automatedSince`, the
   * same statement also counts the hourly cap's automated texts to `phone` from `locationId` since then
   * (`automatedRecent`, the SQL of `OutboundMessageRepository.countAutomatedSince`).
   */
  async standing(
    tx: TransactionHandle,
    tenantId: string,
    phone: string,
    locationId: string,
    sendingNumber: string | null,
    automatedSince?: Date,
  ): Promise<{ action: 'opt_out' | 'opt_in' | null; pausedReason: string | null; humanActive: boolean; lastInboundAt: Date | null; automatedRecent?: number }> {
    const params: unknown[] = [tenantId, phone, locationId, sendingNumber];
    if (automatedSince) params.push(automatedSince);
    const rows = (await entityManagerOf(tx).query(
      `SELECT (SELECT action FROM ${this.schema.sql}.consent_ledger WHERE ${APPLICABLE} ORDER BY at DESC, consent_id DESC LIMIT 1) AS action,
              cs.paused_reason, cs.human_active, cs.last_inbound_at${automatedSince ? `, (${automatedRecentCountSql(this.schema.sql, '$3', '$2', '$5')}) AS automated_recent` : ''}
       FROM (SELECT 1) AS one LEFT JOIN ${this.schema.sql}.conversation_state cs ON cs.location_id = $3 AND cs.caller_e164 = $2`,
      params,
    )) as { action: 'opt_out' | 'opt_in' | null; paused_reason: string | null; human_active: boolean | null; last_inbound_at: Date | null; automated_recent?: number }[];
    const r = rows[0];
    return {
      action: r?.action ?? null,
      pausedReason: r?.paused_reason ?? null,
      humanActive: r?.human_active ?? false,
      lastInboundAt: r?.last_inbound_at ?? null,
      ...(automatedSince ? { automatedRecent: r?.automated_recent ?? 0 } : {}),
    };
  }

  /** Every entry of a tenant, oldest first (for the audit CSV). */
  async listForTenant(tx: TransactionHandle, tenantId: string): Promise<ConsentEntry[]> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.schema.sql}.consent_ledger WHERE tenant_id = $1 ORDER BY at, consent_id`, [tenantId])) as Row[];
    return rows.map(toEntry);
  }
}
