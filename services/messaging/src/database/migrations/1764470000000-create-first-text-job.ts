import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchemaOf } from '../migration-schema.util';

/**
 * `first_text_job`: missed calls accepted from Kafka (stored with the inbox row, so the offset can be committed at
 * once) and decided by a pool of in-process workers, instead of one at a time per partition inside the consumer.
 * Also an index for the auto-responder check over both stored callback shapes (Bandwidth JSON, Twilio form).
 */
export class CreateFirstTextJob1764470000000 implements MigrationInterface {
  name = 'CreateFirstTextJob1764470000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`CREATE TABLE ${s}.first_text_job (
      event_id uuid NOT NULL,
      call_id uuid NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      not_before timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      last_error text NULL,
      CONSTRAINT pk_first_text_job PRIMARY KEY (event_id)
    )`);
    await runner.query(`CREATE INDEX ix_first_text_job_due ON ${s}.first_text_job (not_before)`);
    await runner.query(
      `CREATE INDEX ix_inbound_callback_any_sender ON ${s}.inbound_callback ((COALESCE(payload->'message'->>'from', payload->'params'->>'From')), received_at) WHERE event_type = 'message-received'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchemaOf(runner));
    await runner.query(`DROP INDEX ${s}.ix_inbound_callback_any_sender`);
    await runner.query(`DROP TABLE ${s}.first_text_job`);
  }
}
