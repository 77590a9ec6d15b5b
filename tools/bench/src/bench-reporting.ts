/**
 * `npm run bench:reporting`: p50/p95 of the ROI API's 90-day funnel over 10 million events in
 * ClickHouse (the local stack's server, 18.16 here). Generates the events server-side with one
 * `INSERT INTO events (...) SELECT ... FROM system.numbers LIMIT n` per million rows (no data
 * crosses the wire; the materialized views fill the daily rollups as they would from the
 * consumer): one tenant, 50 locations in 5 regions and 3 time zones, 4 tracking sources,
 * events of 23 kinds spread evenly over the 90 days; `local_date` is the day in the location's
 * zone (as the consumer computes it), 7 in 17 delivery statuses are paired with a first text.
 * Prints each query's p50/p95 alone too (measures, breakdown, location lookup). Then it times the funnel exactly as the API
 * runs it (location lookup, then the measures and breakdown queries in parallel), 10 warm-up +
 * BENCH_RUNS (default 50) runs, and prints the figures. Uses database `bench_reporting_<random>`,
 * dropped at the end unless BENCH_KEEP=1. Env: BENCH_EVENTS (default 10000000).
 */
import { randomUUID } from 'node:crypto';
import { loadStackEnv, randomLetters } from '@textback/testing';
import { TOPICS } from '@textback/contracts';
import { ClickHouseAnalyticsStore, createClickHouseClient, ident, lit, migrateClickHouse } from '@textback/analytics';
import { reportingMigrations } from '../../../services/reporting/src/analytics/reporting-analytics.migrations';
import { ReportLocationRepository } from '../../../services/reporting/src/modules/reports/report-location.repository';
import { buildBreakdownQuery, buildMeasuresQuery } from '../../../services/reporting/src/modules/reports/report-query.builder';
import { ReportQueryRepository } from '../../../services/reporting/src/modules/reports/report-query.repository';
import { ReportService } from '../../../services/reporting/src/modules/reports/report.service';
import { ms, percentile } from './latency-stats';

const stack = loadStackEnv();
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const database = `bench_reporting_${randomLetters(6)}`;
const DAYS = 90;
const end = Date.UTC(2026, 10, 1);
const start = end - DAYS * 86_400_000;

/** Event mix per 100 events (type, outcome, reason). */
const MIX: [string, string, string, number][] = [
  [TOPICS.callReceived, 'forward', '', 14],
  [TOPICS.callAnswered, '', '', 6],
  [TOPICS.callMissed, 'textable', 'no_answer', 5],
  [TOPICS.callMissed, 'textable', 'after_hours', 3],
  [TOPICS.firstTextDecided, 'sent', '', 7],
  [TOPICS.firstTextDecided, 'suppressed', 'landline', 1],
  [TOPICS.smsSent, 'first_text', '', 7],
  [TOPICS.smsSent, 'conversation_reply', '', 12],
  [TOPICS.smsDelivered, '', '', 17],
  [TOPICS.smsFailed, '4470', 'carrier_rejected', 1],
  [TOPICS.smsReceived, '', 'first_reply', 4],
  [TOPICS.smsReceived, '', '', 8],
  [TOPICS.intentCaptured, 'book', 'routine', 5],
  [TOPICS.leadQualified, 'book', 'routine', 3],
  [TOPICS.urgentDetected, '', 'flooding', 1],
  [TOPICS.dispatchPaged, 'on_call', '1', 1],
  [TOPICS.dispatchAcknowledged, 'sms', '', 1],
  [TOPICS.bookingConfirmed, 'new', '', 1],
  [TOPICS.callbackScheduled, '', 'landline', 1],
  [TOPICS.consentOptedOut, 'location', 'keyword', 1],
  [TOPICS.leadCreated, 'new', '', 1],
  [TOPICS.leadStageChanged, 'booked', 'qualified', 0.5],
  [TOPICS.leadStageChanged, 'won', 'booked', 0.5],
];

async function main(): Promise<void> {
  const settings = { url: stack.CLICKHOUSE_URL, database, requestTimeoutMs: 900_000 };
  await migrateClickHouse(settings, reportingMigrations());
  const ch = createClickHouseClient(settings);
  const store = new ClickHouseAnalyticsStore(settings);
  const tenantId = randomUUID();
  const zones = ['America/Chicago', 'America/New_York', 'America/Los_Angeles'];
  const regions = Array.from({ length: 5 }, () => randomUUID());
  const locations = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), region: regions[i % 5] as string, tz: zones[i % 3] as string, name: `Location ${i + 1}` }));
  try {
    await ch.insert({
      table: 'locations',
      format: 'JSONEachRow',
      columns: ['location_id', 'tenant_id', 'region_id', 'location_name', 'business_name', 'time_zone', 'currency', 'average_ticket_cents', 'revision', 'updated_at'],
      values: locations.map((l) => ({ location_id: l.id, tenant_id: tenantId, region_id: l.region, location_name: l.name, business_name: 'Bench', time_zone: l.tz, currency: 'USD', average_ticket_cents: 25000, revision: 1, updated_at: Math.floor(start / 1000) })),
    });
    // Expand the mix to 200 slots so `number % 200` picks a type with the right frequency.
    const slots = MIX.flatMap(([t, o, r, per100]) => Array.from({ length: Math.round(per100 * 2) }, () => [t, o, r] as const));
    const types = lit(slots.map((s) => s[0]));
    const outcomes = lit(slots.map((s) => s[1]));
    const reasons = lit(slots.map((s) => s[2]));
    const locIds = lit(locations.map((l) => l.id));
    const locRegions = lit(locations.map((l) => l.region));
    const sources = lit(['google-ads', 'yelp', 'website', '']);
    const chunk = 1_000_000;
    const t0 = Date.now();
    for (let offset = 0; offset < EVENTS; offset += chunk) {
      const n = Math.min(chunk, EVENTS - offset);
      // slot = hash-spread index into the mix; location = number % 50; time evenly over 90 days.
      await ch.command({
        query: `INSERT INTO events (event_id, event_type, tenant_id, region_id, location_id, tracking_source, correlation_id, subject_id, occurred_at, outcome, reason, segments, value_cents, actual_cents, latency_seconds, payload, ingested_at, local_date, first_text_status)
SELECT concat('bench-', toString(number)) AS event_id,
  ${types}[s] AS event_type, ${lit(tenantId)} AS tenant_id, ${locRegions}[l] AS region_id, ${locIds}[l] AS location_id,
  ${sources}[(intHash32(number) % 4) + 1] AS tracking_source, concat('call-', toString(intDiv(number, 20))) AS correlation_id, '' AS subject_id,
  toDateTime(${Math.floor(start / 1000)} + intDiv(number * ${DAYS * 86_400}, ${EVENTS})) AS occurred_at,
  ${outcomes}[s] AS outcome, ${reasons}[s] AS reason, toUInt32(1 + number % 3) AS segments,
  toInt64(if(${types}[s] IN (${lit(TOPICS.bookingConfirmed)}, ${lit(TOPICS.leadStageChanged)}), 25000, 0)) AS value_cents,
  toInt64(if(${outcomes}[s] = 'won', 31000, 0)) AS actual_cents,
  toFloat64(intHash32(number) % 600) AS latency_seconds, '{}' AS payload, toDateTime(${Math.floor(Date.now() / 1000)}) AS ingested_at,
  multiIf(${zones.slice(0, -1).map((z, i) => `(l - 1) % 3 = ${i}, toDate(occurred_at, ${lit(z)})`).join(', ')}, toDate(occurred_at, ${lit(zones[zones.length - 1] as string)})) AS local_date,
  multiIf(event_type = ${lit(TOPICS.smsDelivered)} AND intHash32(number) % 17 < 7, 'delivered', event_type = ${lit(TOPICS.smsFailed)} AND intHash32(number) % 2 = 0, 'failed', '') AS first_text_status
FROM (SELECT number, (intHash64(number) % ${slots.length}) + 1 AS s, (number % 50) + 1 AS l FROM system.numbers LIMIT ${offset}, ${n})`,
        clickhouse_settings: { max_execution_time: 900 },
      });
      process.stdout.write(`inserted ${offset + n} events (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
    const insertMs = Date.now() - t0;
    const count = async (q: string) => Number((await (await ch.query({ query: q, format: 'JSONEachRow' })).json<{ n: string }>())[0]?.n);
    const rawRows = await count('SELECT count() AS n FROM events');
    const rollupRows = await count('SELECT count() AS n FROM measures_daily');
    const reasonRows = await count('SELECT count() AS n FROM reasons_daily');
    const leadRows = await count('SELECT count() AS n FROM leads_daily');

    const service = new ReportService(new ReportLocationRepository(store), new ReportQueryRepository(store), { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 });
    const principal = { sub: 'bench', tenantId, role: 'owner' as const, regionIds: [], locationIds: [] };
    const filter = { from: new Date(start).toISOString().slice(0, 10), to: new Date(end - 86_400_000).toISOString().slice(0, 10) };
    const rmPrincipal = { ...principal, role: 'regional_manager' as const, regionIds: [regions[0] as string] };
    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 10; i++) await fn();
      const out: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await fn();
        out.push(performance.now() - t);
      }
      return out;
    };
    const funnel = await service.funnel(principal, tenantId, filter);
    // First as inserted (one part per generated million), then after the merges ClickHouse runs in
    // the background on a live system (OPTIMIZE ... FINAL does them now; never DEDUPLICATE on 18.16).
    const parts = async () => count(`SELECT count() AS n FROM system.parts WHERE database = ${lit(database)} AND table IN ('measures_daily', 'reasons_daily', 'leads_daily') AND active`);
    const freshParts = await parts();
    const ownerFresh = await time(() => service.funnel(principal, tenantId, filter));
    for (const table of ['measures_daily', 'reasons_daily', 'leads_daily']) await ch.command({ query: `OPTIMIZE TABLE ${table} FINAL`, clickhouse_settings: { max_execution_time: 900 } });
    const mergedParts = await parts();
    const owner = await time(() => service.funnel(principal, tenantId, filter));
    const regional = await time(() => service.funnel(rmPrincipal, tenantId, filter));
    const trend = await time(() => service.trend(principal, tenantId, filter, 'day', 'location'));
    const weekly = await time(() => service.trend(principal, tenantId, filter, 'week'));
    const bySource = await time(() => service.funnel(principal, tenantId, { ...filter, trackingSource: 'google-ads' }));
    const roiTable = await time(() => service.roi(principal, tenantId, filter));
    const locationRepo = new ReportLocationRepository(store);
    const queryRepo = new ReportQueryRepository(store);
    const spec = service.spec(tenantId, await service.scope(principal, tenantId, filter), filter);
    const measuresOnly = await time(() => queryRepo.rows(buildMeasuresQuery(spec)));
    const breakdownOnly = await time(() => queryRepo.rows(buildBreakdownQuery(spec)));
    const lookupOnly = await time(() => locationRepo.listForTenant(tenantId));
    const version = (await (await ch.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>())[0]?.v;
    const line = (name: string, v: number[]) => `${name.padEnd(72)} p50 ${ms(percentile(v, 50))}  p95 ${ms(percentile(v, 95))}  max ${ms(Math.max(...v))}`;
    process.stdout.write(
      [
        `ClickHouse ${version}; ${rawRows.toLocaleString('en-US')} raw events over ${DAYS} days, ${rollupRows.toLocaleString('en-US')} measures_daily rows, ${reasonRows.toLocaleString('en-US')} reasons_daily rows, ${leadRows.toLocaleString('en-US')} leads_daily rows; generated in ${(insertMs / 1000).toFixed(1)} s`,
        `funnel check: calls ${funnel.measures.calls}, missed ${funnel.measures.missed_calls}, first texts delivered ${funnel.measures.first_texts_delivered} of ${funnel.measures.texts_delivered} delivered, leads ${funnel.measures.leads}, won ${funnel.measures.won_jobs}, ROI ${funnel.measures.roi?.toFixed(2)}`,
        line(`90-day funnel, owner, as inserted (${freshParts} rollup parts)`, ownerFresh),
        line(`90-day funnel, owner, 50 locations / 3 zones, merged (${mergedParts} parts, ${RUNS} runs)`, owner),
        line('  of which: measures query alone', measuresOnly),
        line('  of which: breakdown query alone', breakdownOnly),
        line('  of which: location lookup alone', lookupOnly),
        line('90-day funnel, regional manager (10 locations)', regional),
        line('90-day funnel, owner, tracking source google-ads', bySource),
        line('90-day trend per day x location', trend),
        line('90-day trend per week', weekly),
        line('90-day ROI table (totals + per location)', roiTable),
      ].join('\n') + '\n',
    );
  } finally {
    if (process.env.BENCH_KEEP !== '1') await ch.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await ch.close();
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
