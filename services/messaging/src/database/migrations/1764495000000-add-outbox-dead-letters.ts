import { addOutboxDeadLetters, dropOutboxDeadLetters, migrationSchemaOf } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Dead-letter state of the outbox (attempts, last error, dead-lettered-at) and the log of replayed `<topic>.dlq`
 * records: the relay parks an event it can never publish instead of blocking every later one.
 */
export class AddOutboxDeadLetters1764495000000 implements MigrationInterface {
  name = 'AddOutboxDeadLetters1764495000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOutboxDeadLetters(runner, migrationSchemaOf(runner));
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxDeadLetters(runner, migrationSchemaOf(runner));
  }
}
