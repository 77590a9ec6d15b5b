import { Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { MessagingSchema } from '../shared/messaging-schema';

/** A staff decision on a review. */
export type ConsentReviewDecision = 'opt_out' | 'not_opt_out';

/** One row of `consent_review`: an ambiguous caller text awaiting (or past) a staff decision. Instants UTC. */
export interface ConsentReview {
  reviewId: string;
  tenantId: string;
  locationId: string;
  phoneE164: string;
  sendingNumberE164: string;
  originalText: string;
  rule: string;
  rulesVersion: string;
  language: string | null;
  providerMessageId: string | null;
  correlationId: string;
  status: 'open' | 'resolved';
  openedAt: Date;
  decision: ConsentReviewDecision | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  note: string | null;
  consentId: string | null;
}

interface Row {
  review_id: string;
  tenant_id: string;
  location_id: string;
  phone_e164: string;
  sending_number_e164: string;
  original_text: string;
  rule: string;
  rules_version: string;
  language: string | null;
  provider_message_id: string | null;
  correlation_id: string;
  status: 'open' | 'resolved';
  opened_at: Date;
  decision: ConsentReviewDecision | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  note: string | null;
  consent_id: string | null;
}

const toReview = (r: Row): ConsentReview => ({
  reviewId: r.review_id,
  tenantId: r.tenant_id,
  locationId: r.location_id,
  phoneE164: r.phone_e164,
  sendingNumberE164: r.sending_number_e164,
  originalText: r.original_text,
  rule: r.rule,
  rulesVersion: r.rules_version,
  language: r.language,
  providerMessageId: r.provider_message_id,
  correlationId: r.correlation_id,
  status: r.status,
  openedAt: r.opened_at,
  decision: r.decision,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
  note: r.note,
  consentId: r.consent_id,
});

/** SQL of `consent_review`. Every read takes the tenant id (STYLE.md: no unscoped tenant query). */
@Injectable()
export class ConsentReviewRepository {
  constructor(private readonly schema: MessagingSchema) {}

  /**
   * Opens `review` unless the caller already has an open review at that location (uq_consent_review_open).
   * @returns true when opened, false when one was already open (nothing written).
   */
  async openIfNone(tx: TransactionHandle, review: ConsentReview): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.consent_review (review_id, tenant_id, location_id, phone_e164, sending_number_e164,
         original_text, rule, rules_version, language,
         provider_message_id, correlation_id, status, opened_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'open',$12)
       ON CONFLICT (location_id, phone_e164) WHERE status = 'open' DO NOTHING RETURNING review_id`,
      [
        review.reviewId,
        review.tenantId,
        review.locationId,
        review.phoneE164,
        review.sendingNumberE164,
        review.originalText,
        review.rule,
        review.rulesVersion,
        review.language,
        review.providerMessageId,
        review.correlationId,
        review.openedAt,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The review `reviewId` of `tenantId`, locked for update (null when unknown or another tenant's). */
  async lock(tx: TransactionHandle, tenantId: string, reviewId: string): Promise<ConsentReview | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.consent_review WHERE tenant_id = $1 AND review_id = $2 FOR UPDATE`,
      [tenantId, reviewId],
    )) as Row[];
    return rows[0] ? toReview(rows[0]) : null;
  }

  /** Reviews of `tenantId` (optionally of `locationIds` only, and of one status), oldest open first. */
  async list(
    tx: TransactionHandle,
    tenantId: string,
    filter: { locationIds: string[] | 'all'; status?: 'open' | 'resolved'; limit: number },
  ): Promise<ConsentReview[]> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT * FROM ${this.schema.sql}.consent_review
       WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR location_id = ANY($2::uuid[])) AND ($3::text IS NULL OR status = $3)
       ORDER BY status, opened_at, review_id LIMIT $4`,
      [tenantId, filter.locationIds === 'all' ? null : filter.locationIds, filter.status ?? null, filter.limit],
    )) as Row[];
    return rows.map(toReview);
  }

  /** Marks an open review resolved (the caller holds its lock). */
  async resolve(
    tx: TransactionHandle,
    tenantId: string,
    reviewId: string,
    r: {
      decision: ConsentReviewDecision;
      resolvedBy: string;
      resolvedAt: Date;
      note: string | null;
      consentId: string | null;
    },
  ): Promise<void> {
    await entityManagerOf(tx).query(
      `UPDATE ${this.schema.sql}.consent_review SET status = 'resolved', decision = $3, resolved_by = $4,
         resolved_at = $5, note = $6, consent_id = $7
       WHERE tenant_id = $1 AND review_id = $2 AND status = 'open'`,
      [tenantId, reviewId, r.decision, r.resolvedBy, r.resolvedAt, r.note, r.consentId],
    );
  }
}
