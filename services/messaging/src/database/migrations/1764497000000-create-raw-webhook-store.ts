import { quoteSchema } from '@textback/persistence';
import { createRawWebhookStore, dropRawWebhookStore } from '@textback/platform';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchemaOf } from '../migration-schema.util';

/**
 * Carrier webhooks never lose a good event (issue #14):
 * - `raw_webhook` + `webhook_event_rejection` (see {@link createRawWebhookStore}): every authenticated messaging
 *   webhook stored as received before it is parsed; each event not applied kept with its error for replay.
 * - `inbound_callback.attempts`, `last_error`, `dead_at`: the sweeper retries a stored event a bounded number of times,
 *   then marks it dead with its error (`textback webhooks replay` revives it after a fix).
 */
export class CreateRawWebhookStore1764497000000 implements MigrationInterface {
  name = 'CreateRawWebhookStore1764497000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    const s = quoteSchema(schema);
    await createRawWebhookStore(runner, schema);
    await runner.query(`ALTER TABLE ${s}.inbound_callback ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN last_error text NULL, ADD COLUMN dead_at timestamptz NULL`);
    await runner.query(`DROP INDEX ${s}.ix_inbound_callback_pending`);
    await runner.query(`CREATE INDEX ix_inbound_callback_pending ON ${s}.inbound_callback (received_at) WHERE processed_at IS NULL AND dead_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    const s = quoteSchema(schema);
    await runner.query(`DROP INDEX ${s}.ix_inbound_callback_pending`);
    await runner.query(`CREATE INDEX ix_inbound_callback_pending ON ${s}.inbound_callback (received_at) WHERE processed_at IS NULL`);
    await runner.query(`ALTER TABLE ${s}.inbound_callback DROP COLUMN dead_at, DROP COLUMN last_error, DROP COLUMN attempts`);
    await dropRawWebhookStore(runner, schema);
  }
}
