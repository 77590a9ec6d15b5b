import { createRawWebhookStore, dropRawWebhookStore } from '@textback/platform';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Carrier webhooks never lose a good event (issue #14):
 * - `call_webhook.raw_body`: the exact bytes of each applied voice webhook, stored in the same INSERT as its facts
 *   (no extra round trip on the voice path); `payload` keeps the decoded, jsonb-safe form.
 * - `raw_webhook` + `webhook_event_rejection` ({@link createRawWebhookStore}): voice webhooks that could not be applied
 *   (malformed, or failed after arriving), kept as received with their error for `textback webhooks replay`.
 */
export class CreateRawWebhookStore1764497000000 implements MigrationInterface {
  name = 'CreateRawWebhookStore1764497000000';

  async up(runner: QueryRunner): Promise<void> {
    const { name, sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.call_webhook ADD COLUMN raw_body bytea NULL`);
    await createRawWebhookStore(runner, name);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { name, sql: s } = migrationSchema(runner);
    await dropRawWebhookStore(runner, name);
    await runner.query(`ALTER TABLE ${s}.call_webhook DROP COLUMN raw_body`);
  }
}
