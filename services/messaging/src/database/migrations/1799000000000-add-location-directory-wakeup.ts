import { addLocationDirectoryWakeup, dropLocationDirectoryWakeup } from '@textback/platform';
import { migrationSchemaOf } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A write to the location directory (this replica's consumer, another replica's, `textback tenants apply`) wakes every
 * replica's in-memory directory at its commit (NOTIFY), so none needs to re-read the table every few seconds
 * (docs/round-trips-and-wake-ups.md, "At rest").
 */
export class AddLocationDirectoryWakeup1799000000000 implements MigrationInterface {
  name = 'AddLocationDirectoryWakeup1799000000000';

  async up(runner: QueryRunner): Promise<void> {
    await addLocationDirectoryWakeup(runner, migrationSchemaOf(runner));
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropLocationDirectoryWakeup(runner, migrationSchemaOf(runner));
  }
}
