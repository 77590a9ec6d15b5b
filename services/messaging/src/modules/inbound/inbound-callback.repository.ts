import { Inject, Injectable } from '@nestjs/common';
import { deadLetterCounter, type DeadLetterLabel, METRICS_REGISTRY, RetryPolicy } from '@textback/observability';
import { type Counter, type Registry } from 'prom-client';
import { DATA_SOURCE, jsonbSafeString, RawWebhookStore } from '@textback/platform';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { MessagingSchema } from '../shared/messaging-schema';

/** A stored provider callback (raw event JSON), processed after it is acknowledged. */
export interface StoredCallback {
  callbackId: string;
  provider: string;
  providerMessageId: string;
  eventType: string;
  payload: unknown;
  receivedAt: Date;
}

/** Injection token of the processing attempts of a stored callback before it is marked dead (env INBOUND_MAX_ATTEMPTS). */
export const INBOUND_MAX_ATTEMPTS = Symbol('InboundMaxAttempts');

/**
 * SQL of `inbound_callback`: callbacks are stored before the 2xx, de-duplicated on (provider, message id, type);
 * a callback whose processing fails is retried by the sweeper (each round is the delay) until the shared RetryPolicy
 * (INBOUND_MAX_ATTEMPTS attempts) gives up, then marked dead with its error (`dead_at`; counted in
 * `textback_dead_letters_total{source="job",queue="inbound_callback"}` and `textback_webhook_events_total{result="dead"}`;
 * `textback dead-letters list|replay --service messaging`, queue `inbound_callback`).
 */
@Injectable()
export class InboundCallbackRepository {
  private readonly retry: RetryPolicy;
  private readonly deadLetters: Counter<DeadLetterLabel>;

  constructor(
    private readonly schema: MessagingSchema,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(INBOUND_MAX_ATTEMPTS) maxAttempts: number,
    private readonly raw: RawWebhookStore,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.retry = new RetryPolicy({ maxAttempts, baseDelayMs: 0, maxDelayMs: 0 });
    this.deadLetters = deadLetterCounter(registry);
  }

  /**
   * Records a failed processing attempt of a callback with its error; when the shared RetryPolicy gives up (the
   * INBOUND_MAX_ATTEMPTS-th) the callback is marked dead (the sweeper stops retrying it) and counted.
   * @returns true when it is now dead.
   */
  async recordFailure(callbackId: string, err: unknown): Promise<boolean> {
    const error = jsonbSafeString(err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
    const row = await this.dataSource.transaction(async (m) => {
      const [rows] = (await m.query(
        `UPDATE ${this.schema.sql}.inbound_callback SET attempts = attempts + 1, last_error = $2 WHERE callback_id = $1 AND processed_at IS NULL RETURNING provider, attempts`,
        [callbackId, error],
      )) as [{ provider: string; attempts: number }[], number];
      const updated = rows[0];
      if (!updated || this.retry.decide(updated.attempts).kind !== 'dead_letter') return undefined;
      await m.query(`UPDATE ${this.schema.sql}.inbound_callback SET dead_at = now() WHERE callback_id = $1`, [callbackId]);
      return updated;
    });
    if (!row) return false;
    this.raw.events.inc({ provider: row.provider, result: 'dead' });
    this.deadLetters.inc({ source: 'job', queue: 'inbound_callback', reason: 'retries_exhausted' });
    return true;
  }

  /**
   * Stores callbacks in one statement (all or none; it commits by itself, no BEGIN and COMMIT around it, unless `in`
   * gives a transaction); duplicates (at-least-once redelivery, or the same event twice in one request) are skipped.
   * With `in.acceptRaw`, the same statement also records that raw request as answered 204, accepted
   * ({@link RawWebhookStore.acceptedCtes}).
   * @returns the callbacks newly stored.
   */
  async storeAll(callbacks: StoredCallback[], inTx?: { tx: TransactionHandle; acceptRaw?: string }): Promise<StoredCallback[]> {
    if (callbacks.length === 0) return [];
    const params: unknown[] = [
      callbacks.map((c) => c.callbackId),
      callbacks.map((c) => c.provider),
      callbacks.map((c) => c.providerMessageId),
      callbacks.map((c) => c.eventType),
      callbacks.map((c) => JSON.stringify(c.payload)),
      callbacks.map((c) => c.receivedAt.toISOString()),
    ];
    let accepted = '';
    if (inTx?.acceptRaw !== undefined) {
      params.push(inTx.acceptRaw, 204);
      accepted = `WITH ${this.raw.acceptedCtes('$7', '$8')}\n`;
    }
    const rows = (await (inTx ? entityManagerOf(inTx.tx) : this.dataSource).query(
      `${accepted}INSERT INTO ${this.schema.sql}.inbound_callback (callback_id, provider, provider_message_id, event_type, payload, received_at)
       SELECT c.id, c.provider, c.message_id, c.event_type, c.payload::jsonb, c.received_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS c(id, provider, message_id, event_type, payload, received_at, n)
       ORDER BY c.n
       ON CONFLICT ON CONSTRAINT uq_inbound_callback DO NOTHING RETURNING callback_id::text AS callback_id`,
      params,
    )) as { callback_id: string }[];
    const stored = new Set(rows.map((r) => r.callback_id));
    return callbacks.filter((c) => stored.has(c.callbackId));
  }

  /** Locks one unprocessed callback for processing (FOR UPDATE SKIP LOCKED); null when it is done or taken. */
  async lockUnprocessed(tx: TransactionHandle, callbackId: string): Promise<StoredCallback | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT callback_id, provider, provider_message_id, event_type, payload, received_at FROM ${this.schema.sql}.inbound_callback WHERE callback_id = $1 AND processed_at IS NULL FOR UPDATE SKIP LOCKED`,
      [callbackId],
    )) as { callback_id: string; provider: string; provider_message_id: string; event_type: string; payload: unknown; received_at: Date }[];
    const r = rows[0];
    return r ? { callbackId: r.callback_id, provider: r.provider, providerMessageId: r.provider_message_id, eventType: r.event_type, payload: r.payload, receivedAt: r.received_at } : null;
  }

  async markProcessed(tx: TransactionHandle, callbackId: string, outcome: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.schema.sql}.inbound_callback SET processed_at = $2, outcome = $3 WHERE callback_id = $1`, [callbackId, at, outcome]);
  }

  /** Ids of callbacks still unprocessed that were received before `before` (for the sweeper). */
  async listStale(before: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT callback_id FROM ${this.schema.sql}.inbound_callback WHERE processed_at IS NULL AND dead_at IS NULL AND received_at < $1 ORDER BY received_at LIMIT $2`,
      [before, limit],
    )) as { callback_id: string }[];
    return rows.map((r) => r.callback_id);
  }

  /**
   * Inbound texts from `from` to `to` since `since`: their count and how many repeat `body` exactly (auto-responder
   * signals). Reads both stored shapes: Bandwidth events (`message.from`, `to`, `message.text`) and Twilio forms
   * (`params.From`, `params.To`, `params.Body`).
   */
  async recentInbound(tx: TransactionHandle, from: string, to: string, since: Date, body: string): Promise<{ count: number; sameBody: number }> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT count(*)::int AS count, count(*) FILTER (WHERE COALESCE(payload->'message'->>'text', payload->'params'->>'Body') = $4)::int AS same_body FROM ${this.schema.sql}.inbound_callback
       WHERE event_type = 'message-received' AND COALESCE(payload->'message'->>'from', payload->'params'->>'From') = $1
         AND COALESCE(payload->>'to', payload->'params'->>'To') = $2 AND received_at >= $3`,
      [from, to, since, body],
    )) as { count: number; same_body: number }[];
    return { count: rows[0]?.count ?? 0, sameBody: rows[0]?.same_body ?? 0 };
  }
}
