import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Outbound webhooks: a delivery that exhausted its attempts, or whose target is refused, is
 * `dead` (was `failed`; its error stays in `last_error`), and an index finds the deliveries in
 * flight per subscription, which the dispatcher's per-endpoint concurrency limit counts.
 */
export class WebhookDeadState1796342128569 implements MigrationInterface {
  name = 'WebhookDeadState1796342128569';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${s}.webhook_deliveries DROP CONSTRAINT ck_webhook_deliveries_status`);
    await runner.query(`UPDATE ${s}.webhook_deliveries SET status = 'dead' WHERE status = 'failed'`);
    await runner.query(`ALTER TABLE ${s}.webhook_deliveries ADD CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'dead'))`);
    await runner.query(
      `CREATE INDEX ix_webhook_deliveries_in_flight ON ${s}.webhook_deliveries (subscription_id) WHERE status = 'pending' AND leased_until IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    await runner.query(`DROP INDEX ${s}.ix_webhook_deliveries_in_flight`);
    await runner.query(`ALTER TABLE ${s}.webhook_deliveries DROP CONSTRAINT ck_webhook_deliveries_status`);
    await runner.query(`UPDATE ${s}.webhook_deliveries SET status = 'failed' WHERE status = 'dead'`);
    await runner.query(`ALTER TABLE ${s}.webhook_deliveries ADD CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))`);
  }
}
