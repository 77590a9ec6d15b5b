import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { createClickHouseClient, ident } from '@textback/analytics';
import { createServiceDataSource, quoteSchema } from '@textback/persistence';
import { loadStackEnv, randomLetters, uniqueSchemaName } from '@textback/testing';
import { DateTime } from 'luxon';
import { type ConsoleSettings } from '../../../services/console/src/modules/console-settings';
import { ReportingClient } from '../../../services/console/src/modules/reports/reporting.client';
import { RoiSummaryService } from '../../../services/console/src/modules/reports/roi-summary.service';
import { defaultRoiRange } from '../../../services/console/web/src/roi-range';
import { EventIngestService } from '../../../services/reporting/src/modules/ingest/event-ingest.service';
import { reportingService } from '../../../services/reporting/src/reporting.definition';
import { freshTenantScenario, scenarioIds } from '../../../services/reporting/test/factories/funnel-scenario.factory';
import { signToken, TEST_TOKEN_AUDIENCE, TEST_TOKEN_ISSUER } from '../../../services/reporting/test/utils/sign-token';
import { startReportingTestApp } from '../../../services/reporting/test/utils/reporting-test-app';
import { readRoiReport } from '../src/demo-facts';

const stack = loadStackEnv();
const SECRET = 'it-roi-agreement-secret-0123456789-abcdef';
const database = `it_roi_${randomLetters(8)}`;
const schema = uniqueSchemaName('roi');
const definition = { ...reportingService, name: `it-roi-${randomLetters(6)}`, schema, consumes: [] };

/** One scope's figure as each reader shows it: integer cents and the ROI ratio. */
interface Figure {
  totalCostCents: number;
  recoveredRevenueCents: number;
  roi: number | null;
}

/**
 * The three places a manager reads ROI give ONE figure for the same tenant and period: reporting's ROI API (a range
 * a manager picks, here a quarter around the tenant's creation), the console's ROI screen (its data service over the
 * screen's default range, the last 30 local days) and `npm run demo`'s summary (readRoiReport, yesterday to tomorrow).
 * The tenant was created two hours ago, like the demo's: before the cost was clipped to the days a location existed,
 * each reader billed the platform price for its own range (3, 30 and 91 days) and showed fractional cents.
 */
describe('ROI: API, console ROI screen and demo summary agree', () => {
  let app: INestApplication;
  let base: string;
  const ids = scenarioIds();
  const createdAt = new Date(Date.now() - 2 * 3_600_000);

  beforeAll(async () => {
    ({ app, base } = await startReportingTestApp({ stack, definition, database, secret: SECRET }));
    const ingest = app.get(EventIngestService);
    for (const e of freshTenantScenario(ids, createdAt)) await ingest.ingest(e);
  });

  afterAll(async () => {
    await app?.close();
    const ch = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database });
    await ch.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await ch.close();
    const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-drop' }).initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds.destroy();
  });

  const fromApi = (m: Record<string, unknown>): Figure => ({ totalCostCents: Number(m.total_cost_cents), recoveredRevenueCents: Number(m.recovered_revenue_cents), roi: m.roi as number | null });

  it('gives the same integer-cent cost, revenue and ROI per location and in total, billing only the days the tenant existed', async () => {
    const token = await signToken(SECRET, { tenantId: ids.tenantA, role: 'owner' });
    const quarter = { from: DateTime.fromJSDate(createdAt, { zone: 'utc' }).minus({ days: 45 }).toISODate(), to: DateTime.utc().plus({ days: 45 }).toISODate() };
    const res = await fetch(`${base}/v1/tenants/${ids.tenantA}/reports/roi?from=${quarter.from}&to=${quarter.to}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const api = (await res.json()) as { totals: Record<string, unknown>; locations: Record<string, unknown>[] };

    const demo = await readRoiReport(base, ids.tenantA, token);

    const settings = { reportingUrl: base, jwt: { secret: SECRET, issuer: TEST_TOKEN_ISSUER, audience: TEST_TOKEN_AUDIENCE } } as ConsoleSettings;
    const owner = { id: randomUUID(), tenantId: ids.tenantA, email: 'owner@example.test', name: 'Owner', role: 'owner' as const, regionIds: [], locationIds: [] };
    const screen = await new RoiSummaryService(new ReportingClient(settings)).summary(owner, defaultRoiRange(new Date()));

    const byName = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [String(r.name), fromApi(r)]));
    const views = {
      api: { totals: fromApi(api.totals), locations: byName(api.locations) },
      demo: { totals: fromApi(demo.totals), locations: byName(demo.locations) },
      console: {
        totals: { totalCostCents: screen.totals.totalCostCents, recoveredRevenueCents: screen.totals.recoveredRevenueCents, roi: screen.totals.roi },
        locations: Object.fromEntries(screen.locations.map((l) => [l.name, { totalCostCents: l.totalCostCents, recoveredRevenueCents: l.recoveredRevenueCents, roi: l.roi }])),
      },
    };
    expect(views.demo).toEqual(views.api);
    expect(views.console).toEqual(views.api);

    // The figure itself: each location is billed from its local creation day to its local today (1 day, 2 when its
    // midnight fell in the last two hours), 3 segments × 0.79 cents round to 2 cents, every money figure is whole cents.
    const days = (zone: string) => DateTime.now().setZone(zone).startOf('day').diff(DateTime.fromJSDate(createdAt).setZone(zone).startOf('day'), 'days').days + 1;
    const platform = (zone: string) => Math.round((9900 * days(zone)) / 30.4375);
    const chicago = 2 + platform('America/Chicago');
    const brooklyn = platform('America/New_York');
    expect(views.api.locations).toEqual({
      'Chicago North': { totalCostCents: chicago, recoveredRevenueCents: 30000, roi: Math.round((100 * 30000) / chicago) / 100 },
      Brooklyn: { totalCostCents: brooklyn, recoveredRevenueCents: 15000, roi: Math.round((100 * 15000) / brooklyn) / 100 },
    });
    const sms = Math.round(3 * 0.79);
    const totalCost = sms + Math.round((9900 * (days('America/Chicago') + days('America/New_York'))) / 30.4375);
    expect(views.api.totals).toEqual({ totalCostCents: totalCost, recoveredRevenueCents: 45000, roi: Math.round((100 * 45000) / totalCost) / 100 });
    for (const m of [api.totals, ...api.locations]) for (const k of ['sms_cost_cents', 'platform_cost_cents', 'total_cost_cents', 'recovered_revenue_cents']) expect(Number.isInteger(m[k])).toBe(true);
  });

  it('costs nothing (and has no ROI) for a range that ended before the tenant existed', async () => {
    const token = await signToken(SECRET, { tenantId: ids.tenantA, role: 'owner' });
    const before = DateTime.fromJSDate(createdAt, { zone: 'utc' }).minus({ days: 3 });
    const res = await fetch(`${base}/v1/tenants/${ids.tenantA}/reports/funnel?from=${before.minus({ days: 27 }).toISODate()}&to=${before.toISODate()}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { measures: Record<string, unknown> };
    expect(body.measures).toMatchObject({ platform_cost_cents: 0, total_cost_cents: 0, roi: null });
  });
});
