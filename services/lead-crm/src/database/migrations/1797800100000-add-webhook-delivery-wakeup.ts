import { addWakeupTrigger, dropWakeupTrigger, migrationSchemaOf } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A queued CRM webhook delivery wakes the dispatcher at once (NOTIFY on insert), so it need not poll (docs/round-trips-and-wake-ups.md). */
export class AddWebhookDeliveryWakeup1797800100000 implements MigrationInterface {
  name = 'AddWebhookDeliveryWakeup1797800100000';

  async up(runner: QueryRunner): Promise<void> {
    await addWakeupTrigger(runner, migrationSchemaOf(runner), 'webhook_deliveries', 'webhook_delivery');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropWakeupTrigger(runner, migrationSchemaOf(runner), 'webhook_deliveries', 'webhook_delivery');
  }
}
