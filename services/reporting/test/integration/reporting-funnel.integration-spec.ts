import { type ClickHouseClient } from '@clickhouse/client';
import { type INestApplication } from '@nestjs/common';
import { type EventEnvelope } from '@textback/contracts';
import { ROOT_LOGGER } from '@textback/platform';
import { createServiceDataSource, quoteSchema } from '@textback/persistence';
import { loadStackEnv, randomLetters, uniqueSchemaName } from '@textback/testing';
import { createClickHouseClient, ident, sql } from '@textback/analytics';
import { EventIngestService } from '../../src/modules/ingest/event-ingest.service';
import { EventStoreRepository } from '../../src/modules/ingest/event-store.repository';
import { grafanaDashboards } from '../../src/grafana/grafana-dashboards';
import { reportingService } from '../../src/reporting.definition';
import { funnelScenario, lateFirstText, type ScenarioIds, scenarioIds } from '../factories/funnel-scenario.factory';
import { launchChromium } from '../utils/ensure-chromium';
import { signToken } from '../utils/sign-token';
import { startReportingTestApp } from '../utils/reporting-test-app';

const stack = loadStackEnv();
const SECRET = 'it-reporting-secret-0123456789-abcdefghij';
const database = `it_rep_${randomLetters(8)}`;
const schema = uniqueSchemaName('rep');
const definition = { ...reportingService, name: `it-reporting-${randomLetters(6)}`, schema, consumes: [] };
const DAY = { from: '2026-11-10', to: '2026-11-10' };

describe('reporting funnel, API scoping and ROI page', () => {
  let app: INestApplication;
  let base: string;
  let ch: ClickHouseClient;
  let ids: ScenarioIds;
  let duplicates: EventEnvelope<unknown>[];

  beforeAll(async () => {
    ({ app, base } = await startReportingTestApp({ stack, definition, database, secret: SECRET }));
    ch = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database });

    ids = scenarioIds();
    const scenario = funnelScenario(ids);
    duplicates = scenario.duplicates;
    const ingest = app.get(EventIngestService);
    // Location configs first (enrichment), then the rest concurrently (batched inserts).
    for (const e of scenario.events.slice(0, 3)) await ingest.ingest(e);
    await Promise.all(scenario.events.slice(3).map((e) => ingest.ingest(e)));
  });

  afterAll(async () => {
    await app?.close();
    await ch?.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await ch?.close();
    const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-drop' }).initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds.destroy();
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const funnel = async (token: string, tenantId: string, extra = '') => get(`/v1/tenants/${tenantId}/reports/funnel?from=${DAY.from}&to=${DAY.to}${extra}`, token);
  const owner = () => signToken(SECRET, { tenantId: ids.tenantA, role: 'owner' });

  it('replaying the known scenario gives exactly the expected funnel, cost and ROI', async () => {
    const { status, body } = await funnel(await owner(), ids.tenantA);
    expect(status).toBe(200);
    const m = body.measures as Record<string, number>;
    expect(m).toMatchObject({
      calls: 4, answered_calls: 1, missed_calls: 4, voicemails: 0,
      first_texts_sent: 2, first_texts_suppressed: 1, first_texts_deferred: 0, first_text_sms_sent: 2, texts_sent: 3, sms_segments: 4,
      texts_delivered: 2, texts_failed: 1, first_texts_delivered: 1, first_texts_failed: 1, replied_conversations: 1, qualified_leads: 1, urgent_leads: 1, pages: 1, escalations: 0, acknowledged: 1,
      bookings: 1, booking_estimate_cents: 25000, cancellations: 0, callbacks: 1, opt_outs: 1,
      won_jobs: 1, won_revenue_cents: 30000, booked_estimate_cents: 15000, recovered_revenue_cents: 45000,
    });
    expect(m.ttft_p50_seconds).toBe(4);
    expect(m.ttft_p95_seconds).toBe(10);
    expect(m.ack_p50_seconds).toBe(120);
    // Integer cents (roi.util.ts): 4 × 0.79 = 3.16 → 3; 9900 × 2 location-days / 30.4375 = 650.52 → 651; ROI 45000 / 654.
    expect(m).toMatchObject({ sms_cost_cents: 3, platform_cost_cents: 651, total_cost_cents: 654, roi: 68.81 });
    expect(body.breakdown).toEqual({
      missedCallsByReason: { no_answer: 2, busy: 1, after_hours: 1 },
      firstTextsSuppressedByReason: { landline: 1 },
      firstTextsDeferredByReason: {},
      textsFailedByReason: { carrier_rejected: 1 },
    });
  });

  it('pairs a first text with a delivery status that arrived before its send, also across a restart', async () => {
    const before = (await funnel(await owner(), ids.tenantA)).body.measures as Record<string, number>;
    const [status, send] = lateFirstText(ids);
    await app.get(EventIngestService).ingest(status);
    const restarted = new EventIngestService(app.get(EventStoreRepository), app.get(ROOT_LOGGER));
    await restarted.ingest(send);
    await restarted.ingest(send); // redelivered: counted once
    const after = (await funnel(await owner(), ids.tenantA)).body.measures as Record<string, number>;
    const delta = (k: string) => Number(after[k]) - Number(before[k]);
    expect([delta('first_texts_delivered'), delta('texts_delivered'), delta('texts_sent')]).toEqual([1, 1, 1]);
    expect(after.first_texts_failed).toBe(before.first_texts_failed);
  });

  it('counts the same event delivered twice once (in one batch and after the fact)', async () => {
    const ingest = app.get(EventIngestService);
    const [missed, won] = duplicates as [EventEnvelope<unknown>, EventEnvelope<unknown>];
    await Promise.all([ingest.ingest(missed), ingest.ingest(missed), ingest.ingest(won)]);
    const m = (await funnel(await owner(), ids.tenantA)).body.measures as Record<string, number>;
    expect(m).toMatchObject({ missed_calls: 4, won_jobs: 1, won_revenue_cents: 30000 });
    const raw = await (await ch.query({ query: sql`SELECT count() AS n FROM events FINAL WHERE event_id IN (${missed.id}, ${won.id})`.text, format: 'JSONEachRow' })).json<{ n: string }>();
    expect(Number(raw[0]?.n)).toBe(2);
  });

  it('filters by tracking source (inherited from the call by later events)', async () => {
    const { body } = await funnel(await owner(), ids.tenantA, '&trackingSource=google-ads');
    expect(body.measures).toMatchObject({ calls: 1, missed_calls: 1, first_texts_sent: 1, replied_conversations: 1, qualified_leads: 1, bookings: 1, won_jobs: 1, won_revenue_cents: 30000 });
    expect((body.breakdown as { missedCallsByReason: object }).missedCallsByReason).toEqual({ no_answer: 1 });
  });

  it('buckets by local day in each location time zone and splits by location', async () => {
    const { body } = await get(`/v1/tenants/${ids.tenantA}/reports/trend?from=2026-11-09&to=2026-11-12&grain=day&groupBy=location`, await owner());
    const l1 = (body.points as Record<string, unknown>[]).filter((p) => p.groupKey === ids.l1).map((p) => [p.bucket, p.missed_calls]);
    expect(l1).toEqual([['2026-11-10', 2], ['2026-11-12', 1]]);
    const week = await get(`/v1/tenants/${ids.tenantA}/reports/trend?from=2026-11-09&to=2026-11-15&grain=week`, await owner());
    expect((week.body.points as Record<string, unknown>[]).map((p) => [p.bucket, p.missed_calls])).toEqual([['2026-11-09', 5]]);
  });

  it('scopes a regional manager to their regions and hides everything else as 404', async () => {
    const rm = await signToken(SECRET, { tenantId: ids.tenantA, role: 'regional_manager', regionIds: [ids.regionR1] });
    const own = await funnel(rm, ids.tenantA);
    expect(own.status).toBe(200);
    expect(own.body.measures).toMatchObject({ calls: 2, missed_calls: 2, first_texts_sent: 1, first_texts_suppressed: 1, won_jobs: 1, won_revenue_cents: 30000, booked_estimate_cents: 0 });
    expect((own.body.locations as { locationId: string }[]).map((l) => l.locationId)).toEqual([ids.l1]);
    expect((await funnel(rm, ids.tenantA, `&locationIds=${ids.l2}`)).status).toBe(404);
    expect((await funnel(rm, ids.tenantA, `&regionId=${ids.regionR2}`)).status).toBe(404);
    expect((await funnel(rm, ids.tenantB)).status).toBe(404);
    const roi = await get(`/v1/tenants/${ids.tenantA}/reports/roi?from=${DAY.from}&to=${DAY.to}`, rm);
    expect((roi.body.locations as { locationId: string }[]).map((l) => l.locationId)).toEqual([ids.l1]);
  });

  it('scopes dispatchers to their locations, rejects other tenants and bad tokens', async () => {
    const dispatcher = await signToken(SECRET, { tenantId: ids.tenantA, role: 'dispatcher', locationIds: [ids.l2] });
    expect((await funnel(dispatcher, ids.tenantA)).body.measures).toMatchObject({ missed_calls: 2, urgent_leads: 1, acknowledged: 1 });
    const other = await signToken(SECRET, { tenantId: ids.tenantB, role: 'owner' });
    expect((await funnel(other, ids.tenantA)).status).toBe(404);
    expect((await funnel(other, ids.tenantB)).body.measures).toMatchObject({ missed_calls: 1, calls: 0 });
    expect((await get(`/v1/tenants/${ids.tenantA}/reports/funnel?from=${DAY.from}&to=${DAY.to}`)).status).toBe(401);
    expect((await funnel(await signToken('another-secret-0123456789', { tenantId: ids.tenantA, role: 'owner' }), ids.tenantA)).status).toBe(401);
    expect((await get(`/v1/tenants/${ids.tenantA}/reports/funnel?from=2026-11-10&to=2026-11-01`, await owner())).status).toBe(400);
  });

  it('runs every Grafana panel query on this ClickHouse with the variables substituted', async () => {
    const substitute = (q: string) =>
      q.replaceAll('${tenant}', ids.tenantA).replaceAll('${location:singlequote}', `'${ids.l1}','${ids.l2}'`).replaceAll('${time_zone}', 'America/Chicago')
        .replaceAll('${sms_price_cents}', '0.79').replaceAll('${platform_month_cents}', '9900')
        .replaceAll('$__fromTime', `toDateTime(${Date.UTC(2026, 10, 9) / 1000})`).replaceAll('$__toTime', `toDateTime(${Date.UTC(2026, 10, 14) / 1000})`);
    for (const dashboard of Object.values(grafanaDashboards()) as { panels: { title: string; targets: { rawSql: string }[] }[] }[]) {
      for (const panel of dashboard.panels) {
        const rows = await (await ch.query({ query: substitute(panel.targets[0]?.rawSql ?? ''), format: 'JSONEachRow' })).json<Record<string, unknown>>();
        expect(Array.isArray(rows)).toBe(true); // parses and runs on 18.16
      }
    }
    const overview = (grafanaDashboards()['franchise-overview.json'] as { panels: { targets: { rawSql: string }[] }[] }).panels[0]?.targets[0]?.rawSql ?? '';
    const [totals] = await (await ch.query({ query: substitute(overview), format: 'JSONEachRow' })).json<{ calls: string; missed_calls: string }>();
    expect([Number(totals?.calls), Number(totals?.missed_calls)]).toEqual([4, 5]);
  });

  it('refuses dates that do not exist (2026-02-30, month 13, 29 February of a common year) with 400', async () => {
    const report = async (from: string, to: string) => (await get(`/v1/tenants/${ids.tenantA}/reports/funnel?from=${from}&to=${to}`, await owner())).status;
    expect(await report('2026-02-30', '2026-03-01')).toBe(400);
    expect(await report('2026-02-01', '2026-02-29')).toBe(400);
    expect(await report('2026-13-01', '2026-13-02')).toBe(400);
    expect(await report('2026-11-00', '2026-11-10')).toBe(400);
    expect(await report('2028-02-29', '2028-03-01')).toBe(200);
    expect((await get(`/v1/tenants/${ids.tenantA}/reports/trend?from=2026-04-31&to=2026-05-01`, await owner())).status).toBe(400);
  });

  it('serves the ROI page and the API with anti-framing headers (CSP frame-ancestors and X-Frame-Options)', async () => {
    const page = await fetch(`${base}/roi`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const api = await fetch(`${base}/v1/tenants/${ids.tenantA}/reports/funnel?from=${DAY.from}&to=${DAY.to}`, { headers: { authorization: `Bearer ${await owner()}` } });
    expect([api.status, api.headers.get('x-frame-options'), api.headers.get('content-security-policy'), api.headers.get('x-powered-by')]).toEqual([200, 'DENY', "frame-ancestors 'none'", null]);
  });

  it('documents the API with OpenAPI at /docs', async () => {
    const { status, body } = await get('/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths as object)).toEqual(expect.arrayContaining(['/v1/tenants/{tenantId}/reports/funnel', '/v1/tenants/{tenantId}/reports/trend', '/v1/tenants/{tenantId}/reports/roi']));
  });

  it('renders the funnel, trend and per-location table on the ROI page in headless Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      // The token goes into the token box, never into the URL (issue #17); the range in the query.
      await page.goto(`${base}/roi?from=2026-11-09&to=2026-11-12#token=${await owner()}`);
      expect(await page.textContent('#error')).toContain('Paste an API token');
      await page.fill('#token', await owner());
      await page.dispatchEvent('#token', 'change');
      await page.waitForSelector('body[data-ready]');
      // The location list and the first report have both arrived (nothing later replaces the selection below).
      await page.waitForSelector(`#location option[value="${ids.l1}"]`, { state: 'attached' });
      await page.waitForLoadState('networkidle');
      expect(await page.getAttribute('body', 'data-ready')).toBe('1');
      const steps = await page.$$eval('#funnel .bar', (bars) => bars.map((b) => [b.getAttribute('data-step'), b.querySelector('.value')?.textContent]));
      expect(steps).toEqual([['Calls', '4'], ['Missed calls', '5'], ['First texts sent', '2'], ['Replied', '1'], ['Qualified leads', '1'], ['Bookings', '1'], ['Won jobs', '1']]);
      expect(await page.$$eval('#trend-svg polyline', (p) => p.length)).toBe(3);
      expect(await page.$$eval('#locations tbody tr', (rows) => rows.map((r) => r.getAttribute('data-location')))).toHaveLength(2);
      await page.selectOption('#location', ids.l1);
      await page.click('#apply');
      await page.waitForSelector('body[data-ready="1"]');
      expect(await page.$eval('#funnel .bar[data-step="Missed calls"] .value', (e) => e.textContent)).toBe('3');
      await page.screenshot({ path: process.env.ROI_SCREENSHOT ?? '/tmp/textback-roi-page.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
