import { defineContract } from '@textback/contracts';
import { addOutboxDeadLetters, createOutboxAndInbox, dropOutboxAndInbox, dropOutboxDeadLetters, quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { z } from 'zod';
import { randomLetters } from './unique-names';

/**
 * A throw-away contract on a topic unique to one test file
 * (`testing.<random>.recorded.v1`), keyed so that every probe of a test shares a partition.
 */
export function probeContract() {
  return defineContract({
    type: `testing.${randomLetters(10)}.recorded.v1`,
    kind: 'event',
    description: 'Test probe event.',
    data: z.object({ n: z.number().int(), note: z.string().optional() }),
    key: (e) => `${e.locationId}:probe`,
  });
}

/** Migration for a test schema: outbox (with its dead-letter state), inbox, and `applied(event_id, n)` to count effects. */
export function probeMigration(schema: string) {
  const s = quoteSchema(schema);
  return class ProbeSchema1764450000000 implements MigrationInterface {
    name = 'ProbeSchema1764450000000';
    async up(runner: QueryRunner): Promise<void> {
      await createOutboxAndInbox(runner, schema);
      await addOutboxDeadLetters(runner, schema);
      await runner.query(`CREATE TABLE ${s}.applied (id bigserial PRIMARY KEY, event_id text NOT NULL, n int NOT NULL)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${s}.applied`);
      await dropOutboxDeadLetters(runner, schema);
      await dropOutboxAndInbox(runner, schema);
    }
  };
}
