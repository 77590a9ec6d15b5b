/**
 * `npm run bench:analytics`: the analytics store port's two adapters side by side, in one sitting:
 * the ClickHouse server of the local stack (18.16 here, over HTTP) and chDB (npm chdb 3.4.0, the
 * ClickHouse 26.7 engine in this process, on a temporary data directory). For each: reporting's
 * migrations, then BENCH_ROWS (default 10 000) fact rows into `events` as one insert and again as
 * batches of 500 (the ingest consumer's largest batch; the materialized views fill the daily
 * rollups as in production), then the ROI report as the API runs it (ReportService.roi: location
 * lookup, totals and per-location measures queries) over 30 days of 10 locations, 5 warm-up +
 * BENCH_RUNS (default 30) runs, p50/p95. Also prints the process RSS added by loading chDB (the
 * `require` alone, then with the session open and the data in), the longest event-loop stall
 * during each adapter's inserts and queries (perf_hooks.monitorEventLoopDelay, 10 ms resolution),
 * and whether both adapters gave the same ROI. Load average (`os.loadavg`) at start and end.
 * The ClickHouse database `bench_analytics_<random>` is dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type AnalyticsStore, ChdbAnalyticsStore, ClickHouseAnalyticsStore, createClickHouseClient, ident, loadChdb } from '@textback/analytics';
import { TOPICS } from '@textback/contracts';
import { loadStackEnv, randomLetters } from '@textback/testing';
import { reportingMigrations } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';
import { EVENT_ROW_COLUMNS, type EventRow, localDateOf } from '../../../services/reporting/src/modules/ingest/event-row.mapper';
import { ReportLocationRepository } from '../../../services/reporting/src/modules/reports/report-location.repository';
import { ReportQueryRepository } from '../../../services/reporting/src/modules/reports/report-query.repository';
import { type RoiReport, ReportService } from '../../../services/reporting/src/modules/reports/report.service';
import { ms, percentile } from './latency-stats';

const stack = loadStackEnv();
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BATCH = 500;
const DAYS = 30;
const end = Date.UTC(2026, 10, 1) / 1000;
const start = end - DAYS * 86_400;

/** Event mix (type, outcome, reason, segments, value cents, actual cents, latency s), picked round-robin. */
const MIX: [string, string, string, number, number, number, number][] = [
  [TOPICS.callReceived, 'forward', '', 0, 0, 0, 0],
  [TOPICS.callMissed, 'textable', 'no_answer', 0, 0, 0, 0],
  [TOPICS.firstTextDecided, 'sent', '', 0, 0, 0, 4],
  [TOPICS.smsSent, 'first_text', '', 2, 0, 0, 0],
  [TOPICS.smsDelivered, '', '', 0, 0, 0, 0],
  [TOPICS.smsReceived, '', 'first_reply', 0, 0, 0, 0],
  [TOPICS.leadQualified, 'book', 'routine', 0, 0, 0, 0],
  [TOPICS.bookingConfirmed, 'new', '', 0, 25_000, 0, 0],
  [TOPICS.leadCreated, 'new', '', 0, 0, 0, 0],
  [TOPICS.leadStageChanged, 'won', 'booked', 0, 25_000, 30_000, 0],
];

const tenantId = randomUUID();
const zones = ['America/Chicago', 'America/New_York'];
const locations = Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), region: `region-${i % 2}`, tz: zones[i % 2] as string, name: `Location ${i + 1}` }));

function factRows(n: number): EventRow[] {
  return Array.from({ length: n }, (_, i) => {
    const [type, outcome, reason, segments, value, actual, latency] = MIX[i % MIX.length] as (typeof MIX)[number];
    const loc = locations[i % locations.length] as (typeof locations)[number];
    const at = start + Math.floor((i * 7919) % (DAYS * 86_400));
    return {
      event_id: randomUUID(), event_type: type, tenant_id: tenantId, region_id: loc.region, location_id: loc.id, tracking_source: i % 3 === 0 ? 'google-ads' : '',
      correlation_id: randomUUID(), subject_id: '', occurred_at: at, outcome, reason, segments, value_cents: value, actual_cents: actual, latency_seconds: latency,
      payload: '{}', ingested_at: at + 1, local_date: localDateOf(at, loc.tz), first_text_status: type === TOPICS.smsDelivered ? 'delivered' : '',
    };
  });
}

interface AdapterFigures {
  name: string;
  version: string;
  migrateMs: number;
  insertOneMs: number;
  insertBatchedMs: number;
  roi: number[];
  /** Longest event-loop stall, ms, during the one-batch insert, the batched inserts and the ROI runs. */
  stallMs: [number, number, number];
  report: RoiReport;
}

async function measure(name: string, store: AnalyticsStore): Promise<AdapterFigures> {
  let stall = monitorEventLoopDelay({ resolution: 10 });
  const stalls: number[] = [];
  const nextPhase = () => {
    stall.disable();
    stalls.push(stall.max / 1e6);
    stall = monitorEventLoopDelay({ resolution: 10 });
    stall.enable();
  };
  let t = performance.now();
  await store.migrate(reportingMigrations());
  const migrateMs = performance.now() - t;
  await store.insert('locations', ['location_id', 'tenant_id', 'region_id', 'location_name', 'business_name', 'time_zone', 'currency', 'average_ticket_cents', 'revision', 'updated_at'],
    locations.map((l) => ({ location_id: l.id, tenant_id: tenantId, region_id: l.region, location_name: l.name, business_name: 'Bench Plumbing', time_zone: l.tz, currency: 'USD', average_ticket_cents: 20_000, revision: 1, updated_at: start })));
  const one = factRows(ROWS);
  const batched = factRows(ROWS);
  stall.enable();
  t = performance.now();
  await store.insert('events', EVENT_ROW_COLUMNS, one);
  const insertOneMs = performance.now() - t;
  nextPhase();
  t = performance.now();
  for (let i = 0; i < batched.length; i += BATCH) await store.insert('events', EVENT_ROW_COLUMNS, batched.slice(i, i + BATCH));
  const insertBatchedMs = performance.now() - t;
  nextPhase();
  const service = new ReportService(new ReportLocationRepository(store), new ReportQueryRepository(store), { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 });
  const owner = { sub: 'bench', tenantId, role: 'owner' as const, regionIds: [], locationIds: [] };
  const filter = { from: new Date(start * 1000).toISOString().slice(0, 10), to: new Date((end - 86_400) * 1000).toISOString().slice(0, 10) };
  for (let i = 0; i < 5; i++) await service.roi(owner, tenantId, filter);
  const roi: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await service.roi(owner, tenantId, filter);
    roi.push(performance.now() - t);
  }
  nextPhase();
  stall.disable();
  const version = (await store.query<{ v: string }>('SELECT version() AS v'))[0]?.v ?? '?';
  return { name, version, migrateMs, insertOneMs, insertBatchedMs, roi, stallMs: stalls as [number, number, number], report: await service.roi(owner, tenantId, filter) };
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

async function main(): Promise<void> {
  const load0 = loadavg();
  const database = `bench_analytics_${randomLetters(6)}`;
  const server = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database });
  const dataDir = mkdtempSync(join(tmpdir(), 'textback-bench-chdb-'));
  const figures: AdapterFigures[] = [];
  let rss: { before: number; loaded: number; open: number; after: number } | undefined;
  let chdb: ChdbAnalyticsStore | undefined;
  try {
    figures.push(await measure('ClickHouse server (HTTP)', server));
    global.gc?.();
    const before = process.memoryUsage().rss;
    let t = performance.now();
    loadChdb();
    const loadMs = performance.now() - t;
    const loaded = process.memoryUsage().rss;
    t = performance.now();
    chdb = await ChdbAnalyticsStore.open({ dataDir, database: 'textback' });
    const openMs = performance.now() - t;
    const open = process.memoryUsage().rss;
    figures.push(await measure('chDB (in-process)', chdb));
    rss = { before, loaded, open, after: process.memoryUsage().rss };
    const load1 = loadavg();
    const line = (f: AdapterFigures) =>
      `| ${f.name} | ${f.version} | ${f.migrateMs.toFixed(0)} | ${f.insertOneMs.toFixed(0)} | ${f.insertBatchedMs.toFixed(0)} | ${ms(percentile(f.roi, 50))} | ${ms(percentile(f.roi, 95))} | ${f.stallMs.map((x) => x.toFixed(0)).join(' / ')} |`;
    const [a, b] = figures as [AdapterFigures, AdapterFigures];
    const same = JSON.stringify(a.report) === JSON.stringify(b.report);
    console.log(
      [
        `bench:analytics — ${ROWS.toLocaleString('en-US')} fact rows per insert mode, ROI over ${DAYS} days of ${locations.length} locations, ${RUNS} runs after 5 warm-up`,
        `load average at start ${load0.map((l) => l.toFixed(2)).join(' ')}, at end ${load1.map((l) => l.toFixed(2)).join(' ')} (2 cores)`,
        '',
        `| adapter | engine | migrations ms | insert ${ROWS} rows, one batch, ms | insert ${ROWS} rows, batches of ${BATCH}, ms | ROI p50 | ROI p95 | longest event-loop stall, ms (one batch / batches / ROI) |`,
        '|---|---|---|---|---|---|---|---|',
        line(a),
        line(b),
        '',
        `chDB RSS: ${mb(rss.before)} before require('chdb'); +${mb(rss.loaded - rss.before)} after it (${loadMs.toFixed(0)} ms), +${mb(rss.open - rss.before)} with the session open (${openMs.toFixed(0)} ms), +${mb(rss.after - rss.before)} after migrations, ${(2 * ROWS).toLocaleString('en-US')} rows and the ROI runs`,
        `same ROI report from both adapters: ${same ? 'yes' : 'NO'} (recovered revenue ${String(a.report.totals.recovered_revenue_cents)} / ${String(b.report.totals.recovered_revenue_cents)} cents, ROI ${String(a.report.totals.roi)} / ${String(b.report.totals.roi)})`,
      ].join('\n'),
    );
    if (!same) process.exitCode = 1;
  } finally {
    const admin = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database }, null);
    await admin.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await admin.close();
    await server.close();
    await chdb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
