import { Inject, Injectable } from '@nestjs/common';
import { deadLetterCounter, type DeadLetterLabel, METRICS_REGISTRY, type RetryPolicy } from '@textback/observability';
import { quoteSchema } from '@textback/persistence';
import { Counter, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE, SERVICE_DEFINITION } from '../platform.tokens';
import { type ServiceDefinition } from '../service-definition';
import { jsonbSafe, jsonbSafeString } from './jsonb-safe.util';

/** Headers kept with a raw webhook (never `authorization`: it carries the callback credentials). */
const KEPT_HEADERS = ['content-type', 'content-length', 'content-encoding', 'user-agent', 'x-twilio-signature'];

/** How a webhook request ended. */
export type RawWebhookOutcome = 'accepted' | 'partial' | 'rejected' | 'failed';

/** One event of a request that was not applied, with why. */
export interface WebhookEventRejection {
  /** Position of the event in the request (0 for single-event webhooks). */
  index: number;
  error: string;
  /** The event as decoded (made jsonb-safe), when it could be decoded. */
  event?: unknown;
}

/** A stored raw webhook, as replay reads it. */
export interface RawWebhookRow {
  id: string;
  provider: string;
  /** Path and query as received, e.g. `/webhooks/twilio/messaging/status?commandId=…`. */
  endpoint: string;
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: Date;
  /** Which replay attempt this is (1-based), when claimed for replay. */
  attempt?: number;
}

interface RawRow {
  id: string;
  provider: string;
  endpoint: string;
  headers: Record<string, string>;
  body: Buffer;
  received_at: Date;
  replay_attempts: number;
}

/**
 * The raw carrier-webhook store of a service (tables of {@link createRawWebhookStore} in the service's schema) and the
 * counter `textback_webhook_events_total{provider, result}` (`accepted`, `rejected`, `duplicate`, `failed`, `dead`,
 * `replayed`): every authenticated webhook is stored as received before it is parsed; each event then ends
 * applied or kept with its error for `textback webhooks replay`.
 */
@Injectable()
export class RawWebhookStore {
  readonly events: Counter<'provider' | 'result'>;
  private readonly s: string;
  private readonly deadLetters: Counter<DeadLetterLabel>;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_DEFINITION) definition: ServiceDefinition,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.s = quoteSchema(definition.schema);
    this.deadLetters = deadLetterCounter(registry);
    const existing = registry.getSingleMetric('textback_webhook_events_total') as Counter<'provider' | 'result'> | undefined;
    this.events =
      existing ??
      new Counter({ name: 'textback_webhook_events_total', help: 'Carrier webhook events by provider and result', labelNames: ['provider', 'result'], registers: [registry] });
  }

  /**
   * Stores a request's exact body bytes with its kept headers and endpoint (autocommit: it survives whatever follows).
   * @returns the row id (a bigint as a string).
   */
  async store(provider: string, endpoint: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<string> {
    const kept: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = headers[h];
      if (v !== undefined) kept[h] = jsonbSafeString(Array.isArray(v) ? v.join(', ') : v).slice(0, 1000);
    }
    const rows = (await this.dataSource.query(`INSERT INTO ${this.s}.raw_webhook (provider, endpoint, headers, body) VALUES ($1, $2, $3, $4) RETURNING id`, [
      provider,
      jsonbSafeString(endpoint).slice(0, 2000),
      JSON.stringify(kept),
      body,
    ])) as { id: string }[];
    return String(rows[0]?.id);
  }

  /**
   * Records how a stored request ended: its answer, outcome, error and the events not applied (replacing those of an
   * earlier attempt, so a replay leaves only what still fails). Counts each rejection.
   */
  async finish(id: string, provider: string, result: { statusCode: number; outcome: RawWebhookOutcome; error?: string; rejections?: WebhookEventRejection[] }): Promise<void> {
    const rejections = result.rejections ?? [];
    const error = result.error === undefined ? null : jsonbSafeString(result.error).slice(0, 2000);
    if (rejections.length === 0) {
      // The common case (every event applied), in one statement that commits by itself: the outcome and the clearing of
      // an earlier attempt's rejections together, without a transaction's BEGIN and COMMIT.
      await this.dataSource.query(
        `WITH cleared AS (DELETE FROM ${this.s}.webhook_event_rejection WHERE raw_webhook_id = $1)
         UPDATE ${this.s}.raw_webhook SET status_code = $2, outcome = $3, error = $4 WHERE id = $1`,
        [id, result.statusCode, result.outcome, error],
      );
      return;
    }
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE ${this.s}.raw_webhook SET status_code = $2, outcome = $3, error = $4 WHERE id = $1`, [id, result.statusCode, result.outcome, error]);
      await m.query(`DELETE FROM ${this.s}.webhook_event_rejection WHERE raw_webhook_id = $1`, [id]);
      for (const r of rejections) {
        await m.query(`INSERT INTO ${this.s}.webhook_event_rejection (raw_webhook_id, event_index, error, event) VALUES ($1, $2, $3, $4)`, [
          id,
          r.index,
          jsonbSafeString(r.error).slice(0, 2000),
          r.event === undefined ? null : JSON.stringify(jsonbSafe(r.event)),
        ]);
      }
    });
    if (rejections.length > 0) this.events.inc({ provider, result: 'rejected' }, rejections.length);
  }

  /**
   * SQL of two data-modifying CTEs (`raw_finished`, `raw_cleared`) that record what {@link finish} records for a
   * request whose every event was applied (answer `statusCodeParam`, outcome `accepted`, no error, an earlier
   * attempt's rejections cleared), for a caller that stores the request's events in the same statement and
   * transaction (`WITH <this>, … INSERT …`). `idParam` and `statusCodeParam` name the statement's parameters
   * (`$7`) holding the row id and the status code.
   */
  acceptedCtes(idParam: string, statusCodeParam: string): string {
    return `raw_cleared AS (DELETE FROM ${this.s}.webhook_event_rejection WHERE raw_webhook_id = ${idParam}::bigint),
       raw_finished AS (UPDATE ${this.s}.raw_webhook SET status_code = ${statusCodeParam}::int, outcome = 'accepted', error = NULL WHERE id = ${idParam}::bigint)`;
  }

  /**
   * Records that handling a stored request failed after it was stored (a database error, a bug): outcome `failed`
   * with the error, and a replay requested, so the service's replay loop applies it later (bounded attempts).
   */
  async failed(id: string, provider: string, err: unknown): Promise<void> {
    const error = jsonbSafeString(err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
    await this.dataSource.query(
      `UPDATE ${this.s}.raw_webhook SET outcome = 'failed', error = $2, replay_requested_at = COALESCE(replay_requested_at, now()), replayed_at = NULL WHERE id = $1`,
      [id, error],
    );
    this.events.inc({ provider, result: 'failed' });
  }

  /**
   * Claims up to `limit` requests waiting for a replay (oldest first, at most `maxAttempts` tries each; concurrent
   * replicas skip each other's rows) and counts the attempt.
   */
  async claimReplays(limit: number, maxAttempts: number): Promise<RawWebhookRow[]> {
    const result = (await this.dataSource.query(
      `UPDATE ${this.s}.raw_webhook SET replay_attempts = replay_attempts + 1 WHERE id IN (
         SELECT id FROM ${this.s}.raw_webhook WHERE replay_requested_at IS NOT NULL AND replayed_at IS NULL AND dead_lettered_at IS NULL AND replay_attempts < $2
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, provider, endpoint, headers, body, received_at, replay_attempts`,
      [limit, maxAttempts],
    )) as [RawRow[], number] | RawRow[];
    const rows: RawRow[] = Array.isArray(result[0]) ? result[0] : (result as RawRow[]);
    return rows
      .map((r) => ({ id: String(r.id), provider: r.provider, endpoint: r.endpoint, headers: r.headers, body: r.body, receivedAt: r.received_at, attempt: r.replay_attempts }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /**
   * Parks a stored request whose replay failed on its last allowed attempt (the caller's RetryPolicy decided):
   * outcome `failed` with the error, `dead_lettered_at` set, no longer claimed; counted as `dead`.
   */
  async deadLetter(id: string, provider: string, err: unknown): Promise<void> {
    const error = jsonbSafeString(err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
    await this.dataSource.query(`UPDATE ${this.s}.raw_webhook SET outcome = 'failed', error = $2, dead_lettered_at = now() WHERE id = $1`, [id, error]);
    this.events.inc({ provider, result: 'dead' });
  }

  /**
   * Records a failed replay of `row` (claimed by {@link claimReplays}, `attempt` = failures so far, this one included):
   * the shared `policy` decides; a retry leaves it marked for the next replay round (outcome `failed`), a dead letter
   * parks it ({@link deadLetter}) and counts it in `textback_dead_letters_total{source="job",queue="raw_webhook"}`.
   * @returns true when it was dead-lettered.
   */
  async replayFailed(row: RawWebhookRow, err: unknown, policy: RetryPolicy): Promise<boolean> {
    if (policy.decide(row.attempt ?? 1).kind === 'dead_letter') {
      await this.deadLetter(row.id, row.provider, err);
      this.deadLetters.inc({ source: 'job', queue: 'raw_webhook', reason: 'retries_exhausted' });
      return true;
    }
    await this.failed(row.id, row.provider, err);
    return false;
  }

  async markReplayed(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.s}.raw_webhook SET replayed_at = now() WHERE id = $1`, [id]);
  }

  /**
   * Deletes raw requests (and their rejections) received before `cutoff`, in batches of 1 000.
   * @returns how many were deleted.
   */
  async purgeReceivedBefore(cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `DELETE FROM ${this.s}.raw_webhook WHERE id IN (SELECT id FROM ${this.s}.raw_webhook WHERE received_at < $1 LIMIT 1000) RETURNING id`,
        [cutoff],
      )) as [unknown[], number] | unknown[];
      const n = Array.isArray(rows[0]) ? rows[0].length : rows.length;
      total += n;
      if (n < 1000) return total;
    }
  }
}
