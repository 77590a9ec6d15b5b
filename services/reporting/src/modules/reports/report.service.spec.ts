import { strictMock } from '@textback/testing';
import { type ReportPrincipal } from '../auth/report-principal.types';
import { type ReportLocation, ReportLocationRepository } from './report-location.repository';
import { type ReportRow, ReportQueryRepository } from './report-query.repository';
import { bucketDays, ReportService } from './report.service';

const TENANT = 'tenant-1';
const owner: ReportPrincipal = { tenantId: TENANT, role: 'owner', regionIds: [], locationIds: [] };
/** Denver, opened on 10 Nov (local); Boston, open since January. */
const LOCATIONS: ReportLocation[] = [
  { locationId: 'den', regionId: 'west', name: 'Denver', timeZone: 'America/Denver', averageTicketCents: 20000, firstSeenAt: '2026-11-10T16:00:00.000Z' },
  { locationId: 'bos', regionId: 'east', name: 'Boston', timeZone: 'America/New_York', averageTicketCents: 20000, firstSeenAt: '2026-01-01T12:00:00.000Z' },
];
const ROWS: Record<string, ReportRow> = {
  den: { group_key: 'den', sms_segments: 7, won_revenue_cents: 40000, booked_estimate_cents: 5000 },
  bos: { group_key: 'bos', sms_segments: 5, won_revenue_cents: 10000, booked_estimate_cents: 0 },
};
const TOTAL: ReportRow = { sms_segments: 12, won_revenue_cents: 50000, booked_estimate_cents: 5000 };

/** The service at `now`; `empty`: the rollups hold nothing in the range (as for days before the tenant existed). */
function service(now: string, empty = false) {
  const locations = strictMock<ReportLocationRepository>({ listForTenant: jest.fn().mockResolvedValue(LOCATIONS) }, 'ReportLocationRepository');
  const queries = strictMock<ReportQueryRepository>(
    {
      rows: jest.fn((query: string) => {
        if (empty || query.includes('event_type, outcome, reason')) return Promise.resolve([]);
        if (query.includes('location_id AS group_key')) return Promise.resolve([ROWS.den, ROWS.bos]);
        return Promise.resolve([TOTAL]);
      }),
    },
    'ReportQueryRepository',
  );
  const reports = new ReportService(locations, queries, { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 }, { now: () => new Date(now) });
  return Object.assign(reports, { rowsMock: queries.rows });
}

describe(ReportService.name, () => {
  const november = { from: '2026-11-01', to: '2026-11-30' };

  it('bills each location only from its first local day to its local today, in integer cents, the same in the funnel and the ROI table', async () => {
    // 12 Nov 18:00 UTC: Denver existed 10-12 Nov (3 days), Boston 1-12 Nov (12 days).
    const reports = service('2026-11-12T18:00:00Z');
    const roi = await reports.roi(owner, TENANT, november);
    const funnel = await reports.funnel(owner, TENANT, november);
    const platform = (days: number) => Math.round((9900 * days) / 30.4375);
    expect(roi.locations.map((l) => [l.name, l.sms_cost_cents, l.platform_cost_cents, l.total_cost_cents, l.recovered_revenue_cents, l.roi])).toEqual([
      ['Denver', 6, platform(3), 6 + platform(3), 45000, Math.round((100 * 45000) / (6 + platform(3))) / 100],
      ['Boston', 4, platform(12), 4 + platform(12), 10000, Math.round((100 * 10000) / (4 + platform(12))) / 100],
    ]);
    expect(roi.totals).toMatchObject({ sms_cost_cents: 9, platform_cost_cents: platform(15), total_cost_cents: 9 + platform(15), recovered_revenue_cents: 55000 });
    for (const k of ['sms_cost_cents', 'platform_cost_cents', 'total_cost_cents', 'recovered_revenue_cents', 'roi']) expect(funnel.measures[k]).toBe(roi.totals[k]);
  });

  it('gives no cost and no ROI for a range before every location existed, or one that has not begun', async () => {
    const reports = service('2026-11-12T18:00:00Z', true);
    for (const range of [{ from: '2025-12-01', to: '2025-12-31' }, { from: '2026-11-13', to: '2026-11-30' }]) {
      expect((await reports.funnel(owner, TENANT, range)).measures).toMatchObject({ sms_cost_cents: 0, platform_cost_cents: 0, total_cost_cents: 0, recovered_revenue_cents: 0, roi: null });
    }
  });

  it('bills each trend point the days of its bucket, clipped to the range and to each location life', async () => {
    const reports = service('2026-11-12T18:00:00Z', true);
    const rows = [{ bucket: '2026-11-09', group_key: 'den', sms_segments: 0, won_revenue_cents: 0, booked_estimate_cents: 0 }];
    reports.rowsMock.mockResolvedValueOnce(rows);
    const trend = await reports.trend(owner, TENANT, november, 'week', 'location');
    // Week of Monday 9 Nov: Denver existed from the 10th, today is the 12th: 3 days.
    expect(trend.points).toEqual([expect.objectContaining({ bucket: '2026-11-09', groupKey: 'den', platform_cost_cents: Math.round((9900 * 3) / 30.4375) })]);
  });
});

describe('bucketDays', () => {
  it('gives the local days of a bucket clipped to the range', () => {
    expect(bucketDays('2026-11-09', 'week', { from: '2026-11-11', to: '2026-11-30' })).toEqual(['2026-11-11', '2026-11-15']);
    expect(bucketDays('2026-11-01', 'month', { from: '2026-10-15', to: '2026-12-31' })).toEqual(['2026-11-01', '2026-11-30']);
    expect(bucketDays('2026-11-05', 'day', { from: '2026-11-01', to: '2026-11-30' })).toEqual(['2026-11-05', '2026-11-05']);
  });
});
