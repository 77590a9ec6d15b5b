#!/usr/bin/env node
/**
 * What the whole-pipeline bench (bench-pipeline.ts) leaves behind in the shared stack's databases, removed: its callers
 * start follow-up cadences whose step timers come due about an hour after the run, when they would flood scheduling's
 * timer poller (16 000 of them once delayed the e2e suite's escalation test). Used at the end of every bench run for
 * its own tenant, and on its own (`node dist/tools/bench/src/bench-cleanup.js`, DATABASE_URL from
 * `deploy/local/stack.sh env`) for the leftovers of earlier or interrupted runs: every tenant whose crm slug is a
 * bench slug (`bench-` and the run's 4 digits, benchTenant in bench-pipeline-plan.ts), and nothing else.
 *
 * Per tenant it removes pending work only, never history: scheduling's pending timers of its follow-up cadences and
 * dispatches (deleted), its active cadences (stopped, `stop_reason` `bench_ended`), and messaging's queued texts
 * (cancelled, `reason` `bench_ended`). Rows of other tenants are never touched (every statement filters on the
 * tenant ids). Safe to run again: a second run finds nothing.
 */
import { Client } from 'pg';

/** crm slug of a bench tenant (benchTenant: `bench-` and 4 digits). */
export const BENCH_TENANT_SLUG = /^bench-[0-9]{4}$/;

/** What {@link cleanUpBenchTenants} removed, in rows. */
export interface BenchCleanupCounts {
  /** Pending scheduling timers deleted. */
  timers: number;
  /** Active follow-up cadences stopped. */
  cadences: number;
  /** Queued messaging texts cancelled. */
  texts: number;
}

/** Ids of every bench tenant (crm slug {@link BENCH_TENANT_SLUG}) in the database of `db`. */
export async function benchTenantIds(db: Client): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM crm.tenants WHERE slug ~ $1 ORDER BY created_at`, [BENCH_TENANT_SLUG.source]);
  return rows.rows.map((r) => r.id);
}

/**
 * Removes the pending work of the tenants `tenantIds` (see the file's comment) in one transaction. A schema that does
 * not exist (a stack that never ran that service) counts 0.
 * @param db a connected client on the stack's database (DATABASE_URL).
 * @returns rows removed per kind.
 */
export async function cleanUpBenchTenants(db: Client, tenantIds: string[]): Promise<BenchCleanupCounts> {
  if (tenantIds.length === 0) return { timers: 0, cadences: 0, texts: 0 };
  const exists = async (table: string) => ((await db.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [table])).rows[0]?.t ?? null) !== null;
  const counts: BenchCleanupCounts = { timers: 0, cadences: 0, texts: 0 };
  await db.query('BEGIN');
  try {
    if (await exists('scheduling.timer')) {
      // Timer keys: `follow-up:<cadence_id>:<step>`, `dispatch:<dispatch_id>:<escalate|call>:<attempt>`.
      const timers = await db.query(
        `DELETE FROM scheduling.timer t WHERE t.status = 'pending' AND (
           (starts_with(t.key, 'follow-up:') AND split_part(t.key, ':', 2) IN (SELECT cadence_id::text FROM scheduling.follow_up_cadence WHERE tenant_id = ANY($1::uuid[])))
           OR (starts_with(t.key, 'dispatch:') AND split_part(t.key, ':', 2) IN (SELECT dispatch_id::text FROM scheduling.dispatch WHERE tenant_id = ANY($1::uuid[]))))`,
        [tenantIds],
      );
      counts.timers = timers.rowCount ?? 0;
      const cadences = await db.query(`UPDATE scheduling.follow_up_cadence SET status = 'stopped', stop_reason = 'bench_ended', stopped_at = now() WHERE status = 'active' AND tenant_id = ANY($1::uuid[])`, [tenantIds]);
      counts.cadences = cadences.rowCount ?? 0;
    }
    if (await exists('messaging.outbound_message')) {
      const texts = await db.query(`UPDATE messaging.outbound_message SET status = 'cancelled', reason = 'bench_ended', updated_at = now() WHERE status = 'queued' AND tenant_id = ANY($1::uuid[])`, [tenantIds]);
      counts.texts = texts.rowCount ?? 0;
    }
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
  return counts;
}

/** One line for a bench's output. */
export function fmtCleanup(counts: BenchCleanupCounts, tenants: number): string {
  return `cleaned up ${tenants} bench tenant(s): ${counts.timers} pending timers deleted, ${counts.cadences} follow-up cadences stopped, ${counts.texts} queued texts cancelled`;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (eval "$(bash deploy/local/stack.sh env)")');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const ids = await benchTenantIds(db);
    process.stdout.write(`${fmtCleanup(await cleanUpBenchTenants(db, ids), ids.length)}\n`);
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`bench cleanup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
