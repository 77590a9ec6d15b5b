import { createOutboxAndInbox, dropOutboxAndInbox } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/** The transactional outbox and the inbox of the conversation schema (the data source's schema). */
export class CreateOutboxInbox1764450000000 implements MigrationInterface {
  name = 'CreateOutboxInbox1764450000000';

  async up(runner: QueryRunner): Promise<void> {
    await createOutboxAndInbox(runner, migrationSchema(runner));
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxAndInbox(runner, migrationSchema(runner));
  }
}
