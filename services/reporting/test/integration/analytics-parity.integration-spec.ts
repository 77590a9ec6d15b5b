import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnalyticsStore, ClickHouseAnalyticsStore, createAnalyticsStore, createClickHouseClient, ident } from '@textback/analytics';
import { type EventEnvelope } from '@textback/contracts';
import { loadStackEnv, randomLetters } from '@textback/testing';
import pino from 'pino';
import { reportingMigrations } from '../../src/analytics/reporting-analytics.migrations';
import { grafanaDashboards } from '../../src/grafana/grafana-dashboards';
import { EventIngestService } from '../../src/modules/ingest/event-ingest.service';
import { EventStoreRepository } from '../../src/modules/ingest/event-store.repository';
import { ReportLocationRepository } from '../../src/modules/reports/report-location.repository';
import { ReportQueryRepository } from '../../src/modules/reports/report-query.repository';
import { ReportService } from '../../src/modules/reports/report.service';
import { funnelScenario, lateFirstText, scenarioIds } from '../factories/funnel-scenario.factory';

const stack = loadStackEnv();
const database = `it_parity_${randomLetters(8)}`;
const settings = { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 };

/** Reporting's ingestion and report service on one analytics store adapter. */
function reportingOn(store: AnalyticsStore) {
  const ingest = new EventIngestService(new EventStoreRepository(store), pino({ level: 'silent' }));
  const reports = new ReportService(new ReportLocationRepository(store), new ReportQueryRepository(store), settings);
  return { ingest, reports };
}

/** Delivers the scenario like the Kafka consumer does (configs first, then concurrently), each event twice. */
async function deliver(ingest: EventIngestService, events: EventEnvelope<unknown>[]): Promise<void> {
  for (const e of events.slice(0, 3)) await ingest.ingest(e);
  await Promise.all(events.slice(3).map((e) => ingest.ingest(e)));
  await Promise.all(events.map((e) => ingest.ingest(e)));
}

/**
 * The same facts through both analytics store adapters (ClickHouse 18.16 of the local stack over
 * HTTP, and chDB: the current ClickHouse engine in this process) give the same funnel, trend and
 * ROI: reporting's migrations and SQL are one dialect.
 */
describe('analytics store parity: ClickHouse server and chDB', () => {
  const ids = scenarioIds();
  const scenario = funnelScenario(ids);
  const late = lateFirstText(ids);
  const dataDir = mkdtempSync(join(tmpdir(), 'textback-chdb-'));
  let clickhouse: ClickHouseAnalyticsStore;
  let chdb: AnalyticsStore;

  beforeAll(async () => {
    clickhouse = new ClickHouseAnalyticsStore({ url: stack.CLICKHOUSE_URL, database });
    // The factory's embedded branch: no ClickHouse URL, a data directory.
    chdb = await createAnalyticsStore({ database: 'textback', dataDir });
  });

  afterAll(async () => {
    const admin = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database }, null);
    await admin.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await admin.close();
    await clickhouse?.close();
    await chdb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every reporting migration on both engines, once', async () => {
    const all = reportingMigrations().map((m) => m.version);
    expect(await clickhouse.migrate(reportingMigrations())).toEqual(all);
    expect(chdb.kind).toBe('chdb');
    // Two callers at once (replicas of one module booting together) apply each migration once.
    expect(await Promise.all([chdb.migrate(reportingMigrations()), chdb.migrate(reportingMigrations())])).toEqual([all, []]);
    expect(await clickhouse.migrate(reportingMigrations())).toEqual([]);
    expect(await chdb.migrate(reportingMigrations())).toEqual([]);
    const version = async (s: AnalyticsStore) => (await s.query<{ v: string }>('SELECT version() AS v'))[0]?.v;
    console.log(`parity: ClickHouse server ${await version(clickhouse)}, chDB engine ${await version(chdb)}`);
  });

  it('gives identical funnel, breakdown, trend and ROI figures from the same facts delivered twice', async () => {
    const server = reportingOn(clickhouse);
    const embedded = reportingOn(chdb);
    await deliver(server.ingest, scenario.events);
    await deliver(embedded.ingest, scenario.events);
    for (const e of [...late, ...late]) {
      await server.ingest.ingest(e);
      await embedded.ingest.ingest(e);
    }
    const owner = { sub: 'parity', tenantId: ids.tenantA, role: 'owner' as const, regionIds: [], locationIds: [] };
    const regional = { ...owner, role: 'regional_manager' as const, regionIds: [ids.regionR1] };
    const day = { from: '2026-11-10', to: '2026-11-10' };
    const week = { from: '2026-11-09', to: '2026-11-15' };
    const reports = async (r: ReportService) => ({
      funnel: await r.funnel(owner, ids.tenantA, day),
      regionalFunnel: await r.funnel(regional, ids.tenantA, day),
      bySource: await r.funnel(owner, ids.tenantA, { ...day, trackingSource: 'google-ads' }),
      dailyByLocation: await r.trend(owner, ids.tenantA, week, 'day', 'location'),
      weekly: await r.trend(owner, ids.tenantA, week, 'week'),
      monthlyBySource: await r.trend(owner, ids.tenantA, week, 'month', 'tracking_source'),
      roi: await r.roi(owner, ids.tenantA, day),
    });
    const fromServer = await reports(server.reports);
    const fromEmbedded = await reports(embedded.reports);
    expect(fromEmbedded).toEqual(fromServer);
    // Not two empty answers: the scenario's known figures (reporting-funnel.integration-spec).
    expect(fromServer.funnel.measures).toMatchObject({ calls: 4, missed_calls: 4, first_texts_sent: 2, texts_sent: 4, texts_delivered: 3, first_texts_delivered: 2, won_jobs: 1, won_revenue_cents: 30000 });
    expect(fromServer.roi.totals.recovered_revenue_cents).toBe(45000);
    expect(fromServer.roi.totals.roi).toBeGreaterThan(0);
    expect(fromServer.dailyByLocation.points.length).toBeGreaterThan(1);
  });

  it('gives identical rows for every Grafana panel query (the dashboards share the API\'s SQL)', async () => {
    const substitute = (q: string) =>
      q.replaceAll('${tenant}', ids.tenantA).replaceAll('${location:singlequote}', `'${ids.l1}','${ids.l2}'`).replaceAll('${time_zone}', 'America/Chicago')
        .replaceAll('${sms_price_cents}', '0.79').replaceAll('${platform_month_cents}', '9900')
        .replaceAll('$__fromTime', `toDateTime(${Date.UTC(2026, 10, 9) / 1000})`).replaceAll('$__toTime', `toDateTime(${Date.UTC(2026, 10, 14) / 1000})`);
    // Row order of a panel without ORDER BY is the engine's; compare as sorted sets of rows.
    const rowsOf = async (store: AnalyticsStore, q: string) => (await store.query<Record<string, unknown>>(substitute(q))).map((r) => JSON.stringify(r)).sort();
    let panels = 0;
    let nonEmpty = 0;
    for (const dashboard of Object.values(grafanaDashboards()) as { panels: { title: string; targets: { rawSql: string }[] }[] }[]) {
      for (const panel of dashboard.panels) {
        const q = panel.targets[0]?.rawSql ?? '';
        const fromServer = await rowsOf(clickhouse, q);
        expect({ panel: panel.title, rows: await rowsOf(chdb, q) }).toEqual({ panel: panel.title, rows: fromServer });
        panels += 1;
        if (fromServer.length > 0) nonEmpty += 1;
      }
    }
    expect(panels).toBeGreaterThan(5);
    expect(nonEmpty).toBeGreaterThan(panels / 2);
  });
});
