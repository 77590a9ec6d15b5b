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
