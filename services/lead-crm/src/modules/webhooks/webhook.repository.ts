import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope } from '@textback/contracts';
import { entityManagerOf, quoteSchema, type TransactionContext } from '@textback/persistence';
import { CRM_SCHEMA } from '../../database/crm-schema.constants';
import { type CrmScope } from '../auth/crm-scope.types';

/** A tenant's webhook subscription. `eventTypes` empty = every lead event. */
export interface WebhookSubscription {
  id: string;
  tenantId: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: Date;
}

/** A delivery claimed for sending, with what signing needs. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  subscriptionId: string;
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
}

/** One row of the delivery log. */
export interface DeliveryLogEntry {
  deliveryId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/**
 * Outbound CRM webhooks: subscriptions, the durable delivery queue (PostgreSQL, claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease so replicas never send the same delivery at once), and
 * the log of every attempt.
 */
@Injectable()
export class WebhookRepository {
  private readonly s: string;

  constructor(@Inject(CRM_SCHEMA) schema: string) {
    this.s = quoteSchema(schema);
  }

  /** Adds a subscription for the caller's tenant. */
  async createSubscription(tx: TransactionContext, scope: CrmScope, sub: { url: string; secret: string; eventTypes: string[] }): Promise<WebhookSubscription> {
    const rows = (await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.webhook_subscriptions (id, tenant_id, url, secret, event_types) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [randomUUID(), scope.tenantId, sub.url, sub.secret, JSON.stringify(sub.eventTypes)],
    )) as Record<string, unknown>[];
    return toSubscription(rows[0]!);
  }

  /** Subscriptions of the caller's tenant. */
  async listSubscriptions(tx: TransactionContext, scope: CrmScope): Promise<WebhookSubscription[]> {
    const rows = (await entityManagerOf(tx.handle).query(`SELECT * FROM ${this.s}.webhook_subscriptions WHERE tenant_id = $1 ORDER BY created_at, id`, [scope.tenantId])) as Record<string, unknown>[];
    return rows.map(toSubscription);
  }

  /** Delivery log of one subscription of the caller's tenant, newest first; null when not theirs. */
  async deliveryLog(tx: TransactionContext, scope: CrmScope, subscriptionId: string, limit: number): Promise<DeliveryLogEntry[] | null> {
    const m = entityManagerOf(tx.handle);
    const own = (await m.query(`SELECT 1 FROM ${this.s}.webhook_subscriptions WHERE id = $1 AND tenant_id = $2`, [subscriptionId, scope.tenantId])) as unknown[];
    if (own.length === 0) return null;
    const rows = (await m.query(
      `SELECT id, event_id, event_type, status, attempts, last_status_code, last_error, delivered_at FROM ${this.s}.webhook_deliveries
       WHERE subscription_id = $1 AND tenant_id = $2 ORDER BY created_at DESC, id LIMIT $3`,
      [subscriptionId, scope.tenantId, limit],
    )) as { id: string; event_id: string; event_type: string; status: DeliveryLogEntry['status']; attempts: number; last_status_code: number | null; last_error: string | null; delivered_at: Date | null }[];
    return rows.map((r) => ({ deliveryId: r.id, eventId: r.event_id, eventType: r.event_type, status: r.status, attempts: r.attempts, lastStatusCode: r.last_status_code, lastError: r.last_error, deliveredAt: r.delivered_at }));
  }

  /**
   * Queues `event` for every active subscription of its tenant that wants its type, in the
   * caller's transaction (so a lead change and its webhooks commit together). Queuing the same
   * event twice is a no-op. @returns the number of deliveries queued.
   */
  async enqueue(tx: TransactionContext, event: EventEnvelope<unknown>): Promise<number> {
    const rows = (await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.webhook_deliveries (id, subscription_id, tenant_id, event_id, event_type, body)
       SELECT gen_random_uuid(), s.id, s.tenant_id, $2, $3, $4 FROM ${this.s}.webhook_subscriptions s
       WHERE s.tenant_id = $1 AND s.active AND (jsonb_array_length(s.event_types) = 0 OR s.event_types ? $3)
       ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`,
      [event.tenantId, event.id, event.type, JSON.stringify(event)],
    )) as unknown[];
    return rows.length;
  }

  /**
   * When the earliest pending delivery may be claimed (its next attempt, or the end of another dispatcher's lease),
   * or null when none is pending.
   */
  async nextDueAt(tx: TransactionContext): Promise<Date | null> {
    const rows = (await entityManagerOf(tx.handle).query(
      `SELECT min(GREATEST(next_attempt_at, COALESCE(leased_until, next_attempt_at))) AS due FROM ${this.s}.webhook_deliveries WHERE status = 'pending'`,
    )) as { due: Date | null }[];
    const due = rows[0]?.due;
    return due ? new Date(due) : null;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseSeconds`, fairly: round-robin across tenants
   * (each tenant's oldest due delivery first, then each tenant's second, ...) and at most
   * `perEndpoint` in flight per subscription, counting the deliveries other dispatchers hold
   * under an unexpired lease, so one slow endpoint holds at most `perEndpoint` sending slots.
   * `FOR UPDATE SKIP LOCKED`: concurrent dispatchers take different rows; a crashed dispatcher's
   * lease expires and the row is retried. Two dispatchers claiming at the same instant may
   * together exceed `perEndpoint` once (each counts the other's lease only after it commits).
   */
  async claimDue(tx: TransactionContext, opts: { limit: number; perEndpoint: number; leaseSeconds: number }): Promise<ClaimedDelivery[]> {
    const result = (await entityManagerOf(tx.handle).query(
      `WITH due AS (
         SELECT id, tenant_id, subscription_id, next_attempt_at,
                row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS endpoint_rank
         FROM ${this.s}.webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
       ), busy AS (
         SELECT subscription_id, count(*) AS n FROM ${this.s}.webhook_deliveries
         WHERE status = 'pending' AND leased_until IS NOT NULL AND leased_until >= now() GROUP BY subscription_id
       ), fair AS (
         SELECT due.id, due.next_attempt_at, row_number() OVER (PARTITION BY due.tenant_id ORDER BY due.next_attempt_at, due.id) AS tenant_rank
         FROM due LEFT JOIN busy ON busy.subscription_id = due.subscription_id
         WHERE due.endpoint_rank + coalesce(busy.n, 0) <= $2
       ), picked AS (
         SELECT d.id, fair.tenant_rank, fair.next_attempt_at FROM ${this.s}.webhook_deliveries d JOIN fair ON fair.id = d.id
         WHERE d.status = 'pending' AND (d.leased_until IS NULL OR d.leased_until < now())
         ORDER BY fair.tenant_rank, fair.next_attempt_at, d.id LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE ${this.s}.webhook_deliveries d SET leased_until = now() + make_interval(secs => $3)
       FROM picked, ${this.s}.webhook_subscriptions s
       WHERE d.id = picked.id AND s.id = d.subscription_id
       RETURNING d.id, d.tenant_id, d.subscription_id, s.url, s.secret, d.event_id, d.event_type, d.body, d.attempts, picked.tenant_rank, picked.next_attempt_at`,
      [opts.limit, opts.perEndpoint, opts.leaseSeconds],
    )) as [ClaimRow[], number];
    return result[0]
      .sort((a, b) => Number(a.tenant_rank) - Number(b.tenant_rank) || a.next_attempt_at.getTime() - b.next_attempt_at.getTime())
      .map((r) => ({
        id: r.id,
        tenantId: r.tenant_id,
        subscriptionId: r.subscription_id,
        url: r.url,
        secret: r.secret,
        eventId: r.event_id,
        eventType: r.event_type,
        body: r.body,
        attempts: r.attempts,
      }));
  }

  /**
   * Records one attempt in the log and its outcome: delivered, retried at `retryAt`, or dead
   * (`retryAt` null and not delivered; the error stays in `last_error`).
   */
  async recordAttempt(tx: TransactionContext, a: { deliveryId: string; attempt: number; statusCode: number | null; error: string | null; durationMs: number; delivered: boolean; retryAt: Date | null }): Promise<void> {
    const m = entityManagerOf(tx.handle);
    await m.query(`INSERT INTO ${this.s}.webhook_delivery_attempts (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`, [
      a.deliveryId,
      a.attempt,
      a.statusCode,
      a.error,
      a.durationMs,
    ]);
    const status = a.delivered ? 'delivered' : a.retryAt ? 'pending' : 'dead';
    await m.query(
      `UPDATE ${this.s}.webhook_deliveries SET attempts = $2, status = $3, last_status_code = $4, last_error = $5, next_attempt_at = coalesce($6, next_attempt_at),
         leased_until = NULL, delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE NULL END WHERE id = $1`,
      [a.deliveryId, a.attempt, status, a.statusCode, a.error, a.retryAt],
    );
  }
}

interface ClaimRow {
  id: string;
  tenant_id: string;
  subscription_id: string;
  url: string;
  secret: string;
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
  tenant_rank: string;
  next_attempt_at: Date;
}

function toSubscription(r: Record<string, unknown>): WebhookSubscription {
  return { id: r.id as string, tenantId: r.tenant_id as string, url: r.url as string, eventTypes: r.event_types as string[], active: r.active as boolean, createdAt: r.created_at as Date };
}
