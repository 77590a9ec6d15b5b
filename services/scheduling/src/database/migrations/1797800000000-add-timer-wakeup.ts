import { addWakeupTrigger, dropWakeupTrigger, migrationSchemaOf } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A new durable timer wakes the timer poller at once (NOTIFY on insert), so it need not poll (docs/round-trips-and-wake-ups.md). */
export class AddTimerWakeup1797800000000 implements MigrationInterface {
  name = 'AddTimerWakeup1797800000000';

  async up(runner: QueryRunner): Promise<void> {
    await addWakeupTrigger(runner, migrationSchemaOf(runner), 'timer', 'timer');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropWakeupTrigger(runner, migrationSchemaOf(runner), 'timer', 'timer');
  }
}
