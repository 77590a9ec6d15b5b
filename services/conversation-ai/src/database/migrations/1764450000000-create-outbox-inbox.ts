import { createOutboxAndInbox, dropOutboxAndInbox } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The transactional outbox and the inbox of the conversation schema. */
export class CreateOutboxInbox1764450000000 implements MigrationInterface {
  name = 'CreateOutboxInbox1764450000000';

  async up(runner: QueryRunner): Promise<void> {
    await createOutboxAndInbox(runner, 'conversation');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxAndInbox(runner, 'conversation');
  }
}
