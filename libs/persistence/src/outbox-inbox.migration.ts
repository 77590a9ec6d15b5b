import { type QueryRunner } from 'typeorm';
import { quoteSchema } from './schema-name';

/**
 * DDL of the transactional outbox and the inbox in `schema`, for a service's first migration.
 * - outbox: one row per event to publish; `id` is the event id (so adding the same event twice
 *   is a no-op), `seq` orders publishing, `published_at` is set by the relay.
 * - inbox: `(consumer_group, event_id)` of every event a consumer applied, written in the same
 *   transaction as the effect; the primary key makes a redelivery a no-op.
 */
export async function createOutboxAndInbox(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`CREATE TABLE ${s}.outbox (
    id uuid NOT NULL,
    seq bigserial NOT NULL,
    topic text NOT NULL,
    key text NOT NULL,
    value text NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz NULL,
    CONSTRAINT pk_outbox PRIMARY KEY (id)
  )`);
  await runner.query(`CREATE INDEX ix_outbox_unpublished_seq ON ${s}.outbox (seq) WHERE published_at IS NULL`);
  await runner.query(`CREATE INDEX ix_outbox_published_at ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`);
  await runner.query(`CREATE TABLE ${s}.inbox (
    consumer_group text NOT NULL,
    event_id text NOT NULL,
    topic text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_inbox PRIMARY KEY (consumer_group, event_id)
  )`);
}

/** Reverse of {@link createOutboxAndInbox}. */
export async function dropOutboxAndInbox(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`DROP TABLE ${s}.inbox`);
  await runner.query(`DROP TABLE ${s}.outbox`);
}

/**
 * Dead-letter state of the outbox, for each service's migration after {@link createOutboxAndInbox}:
 * - outbox `attempts` (failed publishes of the row), `last_error` (the last one, at most 2 000 characters) and
 *   `dead_lettered_at` (set when the relay gave up on the row: too large for the broker, or `OUTBOX_MAX_ATTEMPTS`
 *   failures); the pending index skips dead rows, so later events flow past them. Dead rows are never deleted by
 *   the retention cleanup; `textback dead-letters replay` makes them pending again.
 * - `dead_letter_replay`: one row per `<topic>.dlq` record an operator re-published (topic, partition, offset of
 *   the DLQ record), so that a replay of "all" never re-publishes the same dead letter twice.
 */
export async function addOutboxDeadLetters(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`ALTER TABLE ${s}.outbox
    ADD COLUMN attempts int NOT NULL DEFAULT 0,
    ADD COLUMN last_error text NULL,
    ADD COLUMN dead_lettered_at timestamptz NULL`);
  await runner.query(`DROP INDEX ${s}.ix_outbox_unpublished_seq`);
  await runner.query(`CREATE INDEX ix_outbox_pending_seq ON ${s}.outbox (seq) WHERE published_at IS NULL AND dead_lettered_at IS NULL`);
  await runner.query(`CREATE INDEX ix_outbox_dead_lettered_at ON ${s}.outbox (dead_lettered_at) WHERE dead_lettered_at IS NOT NULL`);
  await runner.query(`CREATE TABLE ${s}.dead_letter_replay (
    dlq_topic text NOT NULL,
    dlq_partition int NOT NULL,
    dlq_offset bigint NOT NULL,
    original_topic text NOT NULL,
    event_id text NULL,
    replayed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_dead_letter_replay PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
  )`);
}

/** Reverse of {@link addOutboxDeadLetters} (dead-lettered rows become pending again). */
export async function dropOutboxDeadLetters(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`DROP TABLE ${s}.dead_letter_replay`);
  await runner.query(`DROP INDEX ${s}.ix_outbox_dead_lettered_at`);
  await runner.query(`DROP INDEX ${s}.ix_outbox_pending_seq`);
  await runner.query(`CREATE INDEX ix_outbox_unpublished_seq ON ${s}.outbox (seq) WHERE published_at IS NULL`);
  await runner.query(`ALTER TABLE ${s}.outbox DROP COLUMN dead_lettered_at, DROP COLUMN last_error, DROP COLUMN attempts`);
}
