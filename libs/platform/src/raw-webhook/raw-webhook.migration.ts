import { type DeadLetterTable, quoteSchema } from '@textback/persistence';
import { type QueryRunner } from 'typeorm';

/**
 * DDL of a service's raw carrier-webhook store:
 * - `raw_webhook`: one row per authenticated webhook request, written before anything is parsed: the exact body bytes
 *   (`bytea`, so no encoding can lose it), the headers that matter (never `authorization`), the path and query, the
 *   time received, then the answer given (`status_code`), the `outcome` (`accepted`, `partial` = some events rejected,
 *   `rejected`, `failed`) and the error. `replay_requested_at` / `replayed_at` / `replay_attempts` drive
 *   `textback webhooks replay` and the automatic replay of a request whose handling failed after it was stored.
 * - `webhook_event_rejection`: each event of a request that was not applied, with its error (per event), kept for
 *   replay after a fix; replaced when the request is replayed.
 */
export async function createRawWebhookStore(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`CREATE TABLE ${s}.raw_webhook (
    id bigserial NOT NULL,
    provider text NOT NULL,
    endpoint text NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}'::jsonb,
    body bytea NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    status_code integer NULL,
    outcome text NULL,
    error text NULL,
    replay_requested_at timestamptz NULL,
    replayed_at timestamptz NULL,
    replay_attempts integer NOT NULL DEFAULT 0,
    CONSTRAINT pk_raw_webhook PRIMARY KEY (id)
  )`);
  await runner.query(`CREATE INDEX ix_raw_webhook_received ON ${s}.raw_webhook (received_at)`);
  await runner.query(`CREATE INDEX ix_raw_webhook_replay ON ${s}.raw_webhook (replay_requested_at) WHERE replay_requested_at IS NOT NULL AND replayed_at IS NULL`);
  await runner.query(`CREATE TABLE ${s}.webhook_event_rejection (
    raw_webhook_id bigint NOT NULL,
    event_index integer NOT NULL,
    error text NOT NULL,
    event jsonb NULL,
    rejected_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_webhook_event_rejection PRIMARY KEY (raw_webhook_id, event_index),
    CONSTRAINT fk_webhook_event_rejection_raw FOREIGN KEY (raw_webhook_id) REFERENCES ${s}.raw_webhook (id) ON DELETE CASCADE
  )`);
}

/** Reverse of {@link createRawWebhookStore}. */
export async function dropRawWebhookStore(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`DROP TABLE ${s}.webhook_event_rejection`);
  await runner.query(`DROP TABLE ${s}.raw_webhook`);
}

/**
 * `raw_webhook.dead_lettered_at`: a stored request whose replay failed on every attempt of the shared RetryPolicy is
 * parked (with its `error`) instead of being left with a spent attempt count; the replay claim skips parked rows.
 */
export async function addRawWebhookDeadLetters(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`ALTER TABLE ${s}.raw_webhook ADD COLUMN dead_lettered_at timestamptz NULL`);
  await runner.query(`CREATE INDEX ix_raw_webhook_dead_lettered_at ON ${s}.raw_webhook (dead_lettered_at) WHERE dead_lettered_at IS NOT NULL`);
}

/** Reverse of {@link addRawWebhookDeadLetters}. */
export async function dropRawWebhookDeadLetters(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`DROP INDEX ${s}.ix_raw_webhook_dead_lettered_at`);
  await runner.query(`ALTER TABLE ${s}.raw_webhook DROP COLUMN dead_lettered_at`);
}

/**
 * The dead letters of a service's raw webhook store, for its {@link ServiceDefinition.deadLetterTables}
 * (`textback dead-letters list|replay`). Replay: marked for replay again with fresh attempts (the service's replay
 * worker applies it with its current code; events are unique per carrier id, so nothing applies twice).
 */
export const RAW_WEBHOOK_DEAD_LETTERS: DeadLetterTable = {
  queue: 'raw_webhook',
  table: 'raw_webhook',
  idColumn: 'id',
  deadWhere: 'dead_lettered_at IS NOT NULL',
  reasonSql: `'retries_exhausted'`,
  errorSql: `provider || ' ' || endpoint || ': ' || COALESCE(error, '')`,
  attemptsSql: 'replay_attempts',
  atSql: 'dead_lettered_at',
  replaySet: 'dead_lettered_at = NULL, replay_attempts = 0, replay_requested_at = now(), replayed_at = NULL',
};
