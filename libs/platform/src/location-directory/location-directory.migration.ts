import { migrationSchemaOf, quoteSchema, wakeupTriggerDown, wakeupTriggerUp } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * DDL of a service's read model of location configuration (from `crm.location.config.v1`):
 * the latest config per location, and an index from every number of the location (main line,
 * tracking, sending) to the location.
 */
export async function createLocationDirectory(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`CREATE TABLE ${s}.location_directory (
    location_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    revision integer NOT NULL,
    config jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_location_directory PRIMARY KEY (location_id)
  )`);
  await runner.query(`CREATE TABLE ${s}.location_number (
    e164 text NOT NULL,
    location_id uuid NOT NULL,
    purpose text NOT NULL,
    CONSTRAINT pk_location_number PRIMARY KEY (e164, purpose),
    CONSTRAINT fk_location_number_location FOREIGN KEY (location_id) REFERENCES ${s}.location_directory (location_id) ON DELETE CASCADE
  )`);
  await runner.query(`CREATE INDEX ix_location_number_location ON ${s}.location_number (location_id)`);
}

/** Reverse of {@link createLocationDirectory}. */
export async function dropLocationDirectory(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await runner.query(`DROP TABLE ${s}.location_number`);
  await runner.query(`DROP TABLE ${s}.location_directory`);
}

/** The wake-up queue of the directory table (`<schema>.location_directory`, the NOTIFY payload). */
export const LOCATION_DIRECTORY_WAKEUP_QUEUE = 'location_directory';

/**
 * Makes every write to the schema's `location_directory` wake the in-memory directories of the service's replicas
 * (a statement-level NOTIFY on INSERT and UPDATE, {@link wakeupTriggerUp}; the upsert is an INSERT … ON CONFLICT DO
 * UPDATE, which fires both), so a change applied by one replica's consumer reaches the others at its commit instead of
 * at their next refresh. Undo with {@link dropLocationDirectoryWakeup}.
 */
export async function addLocationDirectoryWakeup(runner: QueryRunner, schema: string): Promise<void> {
  for (const sql of wakeupTriggerUp(schema, 'location_directory', LOCATION_DIRECTORY_WAKEUP_QUEUE, ['INSERT', 'UPDATE'])) await runner.query(sql);
}

/** Reverse of {@link addLocationDirectoryWakeup}. */
export async function dropLocationDirectoryWakeup(runner: QueryRunner, schema: string): Promise<void> {
  for (const sql of wakeupTriggerDown(schema, 'location_directory', LOCATION_DIRECTORY_WAKEUP_QUEUE)) await runner.query(sql);
}

/**
 * The migration that adds {@link addLocationDirectoryWakeup} to a service holding its directory in memory
 * (telephony-ingest and messaging list it), in the schema it runs in: a write to the directory (this replica's
 * consumer, another replica's, `textback tenants apply`) wakes every replica's in-memory directory at its commit, so
 * none re-reads the table every few seconds (docs/round-trips-and-wake-ups.md, "At rest").
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
