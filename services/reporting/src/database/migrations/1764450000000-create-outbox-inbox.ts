import { createOutboxAndInbox, dropOutboxAndInbox } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The data source's schema (`reporting`, or a test's unique schema). */
function schemaOf(runner: QueryRunner): string {
  return (runner.connection.options as { schema?: string }).schema ?? 'reporting';
}

/** The transactional outbox and the inbox of the reporting schema. */
export class CreateOutboxInbox1764450000000 implements MigrationInterface {
  name = 'CreateOutboxInbox1764450000000';

  async up(runner: QueryRunner): Promise<void> {
    await createOutboxAndInbox(runner, schemaOf(runner));
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxAndInbox(runner, schemaOf(runner));
  }
}
