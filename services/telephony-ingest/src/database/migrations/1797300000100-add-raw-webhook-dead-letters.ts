import { addRawWebhookDeadLetters, dropRawWebhookDeadLetters } from '@textback/platform';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/** `raw_webhook.dead_lettered_at` (see {@link addRawWebhookDeadLetters}): failed replays parked as dead letters. */
export class AddRawWebhookDeadLetters1797300000100 implements MigrationInterface {
  name = 'AddRawWebhookDeadLetters1797300000100';

  async up(runner: QueryRunner): Promise<void> {
    await addRawWebhookDeadLetters(runner, migrationSchema(runner).name);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropRawWebhookDeadLetters(runner, migrationSchema(runner).name);
  }
}
