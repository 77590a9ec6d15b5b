import { createOutboxAndInbox, dropOutboxAndInbox } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchemaOf } from '../migration-schema.util';

/** The transactional outbox and the inbox of the messaging schema. */
export class CreateOutboxInbox1764450000000 implements MigrationInterface {
  name = 'CreateOutboxInbox1764450000000';

  async up(runner: QueryRunner): Promise<void> {
    await createOutboxAndInbox(runner, migrationSchemaOf(runner));
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxAndInbox(runner, migrationSchemaOf(runner));
  }
}
