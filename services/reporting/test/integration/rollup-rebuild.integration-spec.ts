import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, createAnalyticsStore, createClickHouseClient, ident, type MaterializedViewRebuild, rebuildMaterializedViews } from '@textback/analytics';
import { type EventEnvelope } from '@textback/contracts';
import { loadStackEnv, randomLetters } from '@textback/testing';
import pino from 'pino';
import { migrateReportingAnalytics, REPORTING_EVENTS_TABLE, reportingMigrations } from '../../src/analytics/reporting-analytics.migrations';
import { EventIngestService } from '../../src/modules/ingest/event-ingest.service';
import { EventStoreRepository } from '../../src/modules/ingest/event-store.repository';
import { ReportLocationRepository } from '../../src/modules/reports/report-location.repository';
import { ReportQueryRepository } from '../../src/modules/reports/report-query.repository';
import { ReportService } from '../../src/modules/reports/report.service';
import { funnelScenario, lateFirstText, type ScenarioIds, scenarioIds } from '../factories/funnel-scenario.factory';

const stack = loadStackEnv();
const settings = { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 };
const ROLLUP_VIEWS = ['first_text_stories_mv', 'leads_daily_mv', 'measures_daily_mv', 'reasons_daily_mv'];
const KILL_FIXTURE = join(__dirname, '../../../../dist/libs/testing/src/fixtures/chdb-open-and-kill.js');

/** Every report of the scenario's tenant: funnel, breakdowns, trends and ROI, all read from the rollups. */
async function reportsOf(store: AnalyticsStore, ids: ScenarioIds) {
  const r = new ReportService(new ReportLocationRepository(store), new ReportQueryRepository(store), settings);
  const owner = { sub: 'rebuild', tenantId: ids.tenantA, role: 'owner' as const, regionIds: [], locationIds: [] };
  const day = { from: '2026-11-10', to: '2026-11-10' };
  const week = { from: '2026-11-09', to: '2026-11-15' };
  return {
    funnel: await r.funnel(owner, ids.tenantA, day),
    bySource: await r.funnel(owner, ids.tenantA, { ...day, trackingSource: 'google-ads' }),
    dailyByLocation: await r.trend(owner, ids.tenantA, week, 'day', 'location'),
    roi: await r.roi(owner, ids.tenantA, day),
  };
}

/**
 * Delivers the scenario as the consumer does; with `cut`, the second half (and the late first text) is stored in
 * `events` while the rollups' views are detached: the state a kill between an insert into `events` and its push to
 * the views leaves (the raw rows are there, the consumer drops their redelivery, no rollup counted them).
 */
async function deliver(store: AnalyticsStore, events: EventEnvelope<unknown>[], late: EventEnvelope<unknown>[], cut: boolean): Promise<void> {
  const ingest = new EventIngestService(new EventStoreRepository(store), pino({ level: 'silent' }));
  const half = Math.ceil(events.length / 2);
  for (const e of events.slice(0, 3)) await ingest.ingest(e);
  await Promise.all(events.slice(3, half).map((e) => ingest.ingest(e)));
  if (cut) for (const v of ROLLUP_VIEWS) await store.command(`DETACH TABLE ${ident(v)}`);
  await Promise.all(events.slice(half).map((e) => ingest.ingest(e)));
  for (const e of late) await ingest.ingest(e);
  if (cut) for (const v of ROLLUP_VIEWS) await store.command(`ATTACH TABLE ${ident(v)}`);
  // Redelivery after the restart: dropped as already stored, so it cannot repair the rollups.
  await Promise.all([...events, ...late].map((e) => ingest.ingest(e)));
}

async function leftovers(store: AnalyticsStore): Promise<string[]> {
  return (await store.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%\\_\\_rebuild' ORDER BY name`)).map((r) => r.name);
}

/** What an interrupted rebuild leaves: the Null staging table and one of its views. */
async function leaveInterruptedRebuild(store: AnalyticsStore): Promise<void> {
  await store.command('CREATE TABLE events__rebuild AS events ENGINE = Null');
  await store.command('CREATE MATERIALIZED VIEW measures_daily_mv__rebuild TO measures_daily AS SELECT * FROM measures_daily WHERE 0');
}

/** Opens chDB on `dataDir` in a child process that dies by SIGKILL with the store open. */
function killWhileOpen(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KILL_FIXTURE], { env: { ...process.env, CHDB_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' && out.includes('chdb open') ? resolve() : reject(new Error(`fixture ended with ${code ?? signal}: ${out}`))));
  });
}

/**
 * Reporting's rollups after a kill between an insert into `events` and the views' push (issue 18): the rebuild makes
 * them agree with `events` again, on ClickHouse 18.16 and on chDB, and the embedded mode runs it on the first start
 * after a process died with the store open.
 */
describe('rollup rebuild from events', () => {
  const ids = scenarioIds();
  const scenario = funnelScenario(ids);
  const late = lateFirstText(ids);
  const control = `it_rebuild_ok_${randomLetters(8)}`;
  const cutDb = `it_rebuild_cut_${randomLetters(8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'textback-chdb-rebuild-'));
  let expected: Awaited<ReturnType<typeof reportsOf>>;

  beforeAll(async () => {
    const store = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database: control });
    try {
      await store.migrate(reportingMigrations());
      await deliver(store, scenario.events, late, false);
      expected = await reportsOf(store, ids);
    } finally {
      await store.close();
    }
    expect(expected.funnel.measures).toMatchObject({ calls: 4, missed_calls: 4, first_texts_sent: 2, first_texts_delivered: 2, won_jobs: 1 });
  });

  afterAll(async () => {
    const admin = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database: control }, null);
    for (const db of [control, cutDb]) await admin.command({ query: `DROP DATABASE IF EXISTS ${ident(db)}` });
    await admin.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ClickHouse 18.16: the cut rollups are short; the rebuild restores every report, idempotently, over an interrupted rebuild', async () => {
    const store = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database: cutDb });
    try {
      await store.migrate(reportingMigrations());
      await deliver(store, scenario.events, late, true);
      const cut = await reportsOf(store, ids);
      expect(cut.funnel.measures.calls ?? 0).toBeLessThan(expected.funnel.measures.calls ?? 0);
      expect(cut).not.toEqual(expected);

      const rebuild = await rebuildMaterializedViews(store, REPORTING_EVENTS_TABLE);
      expect(rebuild).toEqual({ source: 'events', views: ROLLUP_VIEWS, targets: ['first_text_stories', 'leads_daily', 'measures_daily', 'reasons_daily'], sourceRows: expect.any(Number) as number, durationMs: expect.any(Number) as number });
      expect(rebuild.sourceRows).toBeGreaterThanOrEqual(scenario.events.length);
      expect(await reportsOf(store, ids)).toEqual(expected);

      await leaveInterruptedRebuild(store);
      await rebuildMaterializedViews(store, REPORTING_EVENTS_TABLE);
      expect(await reportsOf(store, ids)).toEqual(expected);
      expect(await leftovers(store)).toEqual([]);
      expect(store.viewsMayBeStale()).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('chDB: a process killed with the store open makes the next migration rebuild the rollups, once', async () => {
    const first = await createAnalyticsStore({ database: 'textback', dataDir });
    try {
      await first.migrate(reportingMigrations());
      await deliver(first, scenario.events, late, true);
      expect((await reportsOf(first, ids)).funnel.measures.calls ?? 0).toBeLessThan(expected.funnel.measures.calls ?? 0);
      expect(first.viewsMayBeStale()).toBe(false);
    } finally {
      await first.close();
    }

    await killWhileOpen(dataDir);
    // The flag outlives a clean open and close: only a rebuild clears it.
    const looker = await createAnalyticsStore({ database: 'textback', dataDir });
    expect(looker.viewsMayBeStale()).toBe(true);
    await looker.close();

    const rebuilds: MaterializedViewRebuild[] = [];
    expect(await migrateReportingAnalytics({ database: 'textback', dataDir }, (r) => rebuilds.push(r))).toEqual([]);
    expect(rebuilds.map((r) => r.targets)).toEqual([['first_text_stories', 'leads_daily', 'measures_daily', 'reasons_daily']]);

    const after = await createAnalyticsStore({ database: 'textback', dataDir });
    try {
      expect(after.viewsMayBeStale()).toBe(false);
      // The same figures as the uncut ClickHouse server (the engines agree: analytics-parity).
      expect(await reportsOf(after, ids)).toEqual(expected);
      await leaveInterruptedRebuild(after);
      await rebuildMaterializedViews(after, REPORTING_EVENTS_TABLE);
      expect(await reportsOf(after, ids)).toEqual(expected);
      expect(await leftovers(after)).toEqual([]);
    } finally {
      await after.close();
    }

    // Closed cleanly: the next start does not rebuild.
    await migrateReportingAnalytics({ database: 'textback', dataDir }, (r) => rebuilds.push(r));
    expect(rebuilds).toHaveLength(1);
  });
});
