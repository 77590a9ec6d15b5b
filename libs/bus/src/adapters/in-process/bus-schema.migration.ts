import { type DeadLetterTable, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Schema of the in-process bus's own tables (cursors, dead letters), next to the services' schemas in the embedded store. */
export const BUS_SCHEMA = 'bus';

/**
 * The in-process bus's tables in {@link BUS_SCHEMA}:
 * - `cursors`: per consumer group and producer schema, the `seq` of the last outbox row of that schema the group has
 *   passed (applied, skipped as not subscribed, or dead-lettered); moved in the transaction that applied the row.
 * - `dead_letters`: events the bus gave up on (reason `schema` | `no_contract` | `handler` | `retries_exhausted`),
 *   with the producer schema and outbox `seq` they came from, the event id when it parsed, the raw value, the last
 *   error (at most 4 000 characters) and the failed handler attempts (0 when no handler ran). Listed by
 *   `textback dead-letters` through {@link busDeadLetters} (replay: {@link AddBusDeadLetterReplay1798045000000}).
 */
export class CreateBusTables1798000000000 implements MigrationInterface {
  name = 'CreateBusTables1798000000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(BUS_SCHEMA);
    await runner.query(`CREATE TABLE ${s}.cursors (
      consumer_group text NOT NULL,
      producer_schema text NOT NULL,
      last_seq bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_cursors PRIMARY KEY (consumer_group, producer_schema)
    )`);
    await runner.query(`CREATE TABLE ${s}.dead_letters (
      id bigserial NOT NULL,
      consumer_group text NOT NULL,
      producer_schema text NOT NULL,
      outbox_seq bigint NOT NULL,
      topic text NOT NULL,
      event_id text NULL,
      value text NOT NULL,
      reason text NOT NULL,
      error text NOT NULL,
      attempts int NOT NULL,
      dead_lettered_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_dead_letters PRIMARY KEY (id),
      CONSTRAINT uq_dead_letters_group_row UNIQUE (consumer_group, producer_schema, outbox_seq)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(BUS_SCHEMA);
    await runner.query(`DROP TABLE ${s}.dead_letters`);
    await runner.query(`DROP TABLE ${s}.cursors`);
  }
}

/**
 * Replay of the bus's dead letters: `dead_letters.replay_requested_at` is set by `textback dead-letters replay` (the
 * process stopped, the data directory the CLI's alone); at its next start the group's bus server hands each such row
 * to the handler again, before following its cursor, and deletes the row once applied (a row that fails again is
 * dead-lettered again: reason, error and attempts updated, the request cleared).
 */
export class AddBusDeadLetterReplay1798045000000 implements MigrationInterface {
  name = 'AddBusDeadLetterReplay1798045000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(BUS_SCHEMA);
    await runner.query(`ALTER TABLE ${s}.dead_letters ADD COLUMN replay_requested_at timestamptz NULL`);
    await runner.query(`CREATE INDEX ix_dead_letters_replay_requested ON ${s}.dead_letters (consumer_group, producer_schema, outbox_seq) WHERE replay_requested_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(BUS_SCHEMA);
    await runner.query(`DROP INDEX ${s}.ix_dead_letters_replay_requested`);
    await runner.query(`ALTER TABLE ${s}.dead_letters DROP COLUMN replay_requested_at`);
  }
}

/** Migrations of {@link BUS_SCHEMA}, oldest first. */
export const BUS_MIGRATIONS = [CreateBusTables1798000000000, AddBusDeadLetterReplay1798045000000];

/**
 * The in-process bus's dead letters of consumer group `group` (a service's name) as operator tooling lists and
 * replays them (`DeadLetterTableRepository` on schema `bus`; ids `bus:<row id>`). Listed: rows not waiting for a
 * replay. Replay sets `replay_requested_at`; the group's bus server applies them at its next start (see
 * {@link AddBusDeadLetterReplay1798045000000}).
 * @throws Error when `group` is not a plain name (lower-case letters, digits, `-`, `_`).
 */
export function busDeadLetters(group: string): DeadLetterTable {
  if (!/^[a-z0-9_-]+$/.test(group)) throw new Error(`consumer group "${group}" is not a plain name`);
  return {
    queue: 'bus',
    table: 'dead_letters',
    idColumn: 'id',
    deadWhere: `consumer_group = '${group}' AND replay_requested_at IS NULL`,
    reasonSql: 'reason',
    errorSql: `consumer_group || ' <- ' || producer_schema || '#' || outbox_seq || ' topic ' || topic || ': ' || error`,
    attemptsSql: 'attempts',
    atSql: 'dead_lettered_at',
    replaySet: 'replay_requested_at = now()',
  };
}

/** Every group's bus dead letters not waiting for a replay, list only (`DeadLetterTableRepository` on schema `bus`). */
export const BUS_DEAD_LETTERS: DeadLetterTable = {
  queue: 'bus',
  table: 'dead_letters',
  idColumn: 'id',
  deadWhere: 'replay_requested_at IS NULL',
  reasonSql: 'reason',
  errorSql: `consumer_group || ' <- ' || producer_schema || '#' || outbox_seq || ' topic ' || topic || ': ' || error`,
  attemptsSql: 'attempts',
  atSql: 'dead_lettered_at',
};
