import { billedLocationDays, roiOf, roundHalfAwayFromZero } from './roi.util';

const PRICES = { smsSegmentCents: 0.79, platformMonthCents: 9900 };

describe('roiOf', () => {
  it('gives integer cents whose parts add up to the total, and ROI with 2 decimals', () => {
    const r = roiOf({ smsSegments: 4, wonRevenueCents: 30000, bookedEstimateCents: 15000, billedLocationDays: 2 }, PRICES);
    // 4 × 0.79 = 3.16 → 3; 9900 × 2 / 30.4375 = 650.52… → 651; 45000 / 654 = 68.807… → 68.81.
    expect(r).toEqual({ sms_cost_cents: 3, platform_cost_cents: 651, total_cost_cents: 654, recovered_revenue_cents: 45000, roi: 68.81 });
    for (const v of [r.sms_cost_cents, r.platform_cost_cents, r.total_cost_cents, r.recovered_revenue_cents]) expect(Number.isInteger(v)).toBe(true);
  });

  it('has no ROI without cost (a range before the location existed)', () => {
    expect(roiOf({ smsSegments: 0, wonRevenueCents: 0, bookedEstimateCents: 0, billedLocationDays: 0 }, PRICES)).toEqual({ sms_cost_cents: 0, platform_cost_cents: 0, total_cost_cents: 0, recovered_revenue_cents: 0, roi: null });
  });
});

describe('roundHalfAwayFromZero', () => {
  it('rounds halves away from zero', () => {
    expect([0.5, 1.5, 2.5, -2.5, 2.4999, 68.805].map((x) => roundHalfAwayFromZero(x))).toEqual([1, 2, 3, -3, 2, 69]);
    expect(roundHalfAwayFromZero(68.8071, 2)).toBe(68.81);
    expect(roundHalfAwayFromZero(-0.4)).toBe(0);
  });
});

describe('billedLocationDays', () => {
  const chicago = (firstSeenAt: string | null) => ({ timeZone: 'America/Chicago', firstSeenAt: firstSeenAt ? new Date(firstSeenAt) : null });

  it('bills no day before the location existed nor after its today', () => {
    // Created 10 Nov 09:00 Chicago; now 12 Nov 06:00 Chicago: 10, 11 and 12 Nov of a November range.
    expect(billedLocationDays([chicago('2026-11-10T15:00:00Z')], '2026-11-01', '2026-11-30', new Date('2026-11-12T12:00:00Z'))).toBe(3);
  });

  it('takes the days in the location time zone, not UTC', () => {
    // 03:00 UTC on 10 Nov is still 9 Nov in Chicago (created on the 9th); 03:00 UTC on 12 Nov is the 11th there.
    expect(billedLocationDays([chicago('2026-11-10T03:00:00Z')], '2026-11-01', '2026-11-30', new Date('2026-11-12T03:00:00Z'))).toBe(3);
    expect(billedLocationDays([{ timeZone: 'Asia/Tokyo', firstSeenAt: new Date('2026-11-10T03:00:00Z') }], '2026-11-01', '2026-11-30', new Date('2026-11-12T03:00:00Z'))).toBe(3);
  });

  it('bills the whole range for a location older than it, and nothing for a range before it or in the future', () => {
    const now = new Date('2026-12-05T18:00:00Z');
    expect(billedLocationDays([chicago('2026-01-01T00:00:00Z')], '2026-11-01', '2026-11-30', now)).toBe(30);
    expect(billedLocationDays([chicago('2026-11-20T18:00:00Z')], '2026-11-01', '2026-11-10', now)).toBe(0);
    expect(billedLocationDays([chicago('2026-11-20T18:00:00Z')], '2026-12-06', '2026-12-31', now)).toBe(0);
  });

  it('sums over locations and counts from the range start when the first sighting is unknown', () => {
    expect(billedLocationDays([chicago(null), chicago('2026-11-29T18:00:00Z')], '2026-11-01', '2026-11-30', new Date('2026-12-05T18:00:00Z'))).toBe(32);
  });

  it('gives every range that covers the whole life of a location the same days (the demo, console and API ranges agree)', () => {
    const l = [chicago('2026-12-05T17:00:00Z')];
    const now = new Date('2026-12-05T18:00:00Z');
    expect(new Set([['2026-12-04', '2026-12-06'], ['2026-11-06', '2026-12-05'], ['2026-12-01', '2026-12-31']].map(([f, t]) => billedLocationDays(l, f!, t!, now)))).toEqual(new Set([1]));
  });
});
