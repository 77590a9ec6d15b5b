import { addWakeupTrigger, dropWakeupTrigger, migrationSchemaOf } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The `webhook_deliveries` wake-up (migration 1797800100000) NOTIFYs only when an INSERT queued at least one delivery.
 * Every lead event runs `INSERT … SELECT` from the tenant's subscriptions, and a statement-level trigger fires for zero
 * rows too: a tenant without subscriptions woke the dispatcher on every lead event, for an empty round of six
 * statements (docs/round-trips-and-wake-ups.md).
 */
export class WebhookDeliveryWakeupOnlyWhenRows1798200000000 implements MigrationInterface {
  name = 'WebhookDeliveryWakeupOnlyWhenRows1798200000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    await dropWakeupTrigger(runner, schema, 'webhook_deliveries', 'webhook_delivery');
    await addWakeupTrigger(runner, schema, 'webhook_deliveries', 'webhook_delivery', { onlyWhenRows: true });
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    await dropWakeupTrigger(runner, schema, 'webhook_deliveries', 'webhook_delivery');
    await addWakeupTrigger(runner, schema, 'webhook_deliveries', 'webhook_delivery');
  }
}
