import { createOutboxAndInbox, dropOutboxAndInbox } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The transactional outbox and the inbox of the telephony schema. */
export class CreateOutboxInbox1764450000000 implements MigrationInterface {
  name = 'CreateOutboxInbox1764450000000';

  async up(runner: QueryRunner): Promise<void> {
    await createOutboxAndInbox(runner, 'telephony');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxAndInbox(runner, 'telephony');
  }
}
