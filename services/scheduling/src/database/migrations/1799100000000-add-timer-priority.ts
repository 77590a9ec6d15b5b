import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * A durable timer carries a priority (0 = urgent: pages a human or protects a caller, 1 = routine), set at schedule
 * time from its kind, so the poller's claim (`ORDER BY priority, due_at, timer_id`, one probe of the new partial index)
 * takes a due escalation or page call before a backlog of due follow-up steps. Existing pending timers of the two
 * urgent kinds of this release (`dispatch.escalate`, `dispatch.page-call`) are backfilled to 0; every other row keeps
 * the default 1. See docs/operations.md "Durable timers: which due timer fires first".
 */
export class AddTimerPriority1799100000000 implements MigrationInterface {
  name = 'AddTimerPriority1799100000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchema(runner));
    // A constant default: no table rewrite (PostgreSQL 11+, PGlite alike).
    await runner.query(`ALTER TABLE ${s}.timer ADD COLUMN priority smallint NOT NULL DEFAULT 1`);
    await runner.query(`UPDATE ${s}.timer SET priority = 0 WHERE status = 'pending' AND kind IN ('dispatch.escalate', 'dispatch.page-call')`);
    await runner.query(`CREATE INDEX ix_timer_pending_priority_due ON ${s}.timer (priority, due_at, timer_id) WHERE status = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchema(runner));
    await runner.query(`DROP INDEX ${s}.ix_timer_pending_priority_due`);
    await runner.query(`ALTER TABLE ${s}.timer DROP COLUMN priority`);
  }
}
