import { DateTime } from 'luxon';

/**
 * The one definition of cost and ROI that reporting's API answers (funnel, trend, per-location ROI) and that the
 * console's ROI screen and `npm run demo`'s summary show (they read the API; docs/architecture.md "Cost and ROI").
 *
 * For a scope (a set of locations) and an inclusive range of local days:
 * - billed location-days: for each location, the local days (its own IANA time zone) of the range that lie between the
 *   local day reporting first saw its configuration (`firstSeenAt`, when the tenant applied it) and the location's
 *   local today, both inclusive; summed over the scope. Days before the location existed or after today cost nothing.
 * - `sms_cost_cents = round(sms_segments × smsSegmentCents)`;
 * - `platform_cost_cents = round(platformMonthCents × billed location-days / 30.4375)`;
 * - `total_cost_cents = sms_cost_cents + platform_cost_cents` (so the parts always add up to the total);
 * - `recovered_revenue_cents = won_revenue_cents + booked_estimate_cents`;
 * - `roi = round(recovered_revenue_cents / total_cost_cents, 2 decimals)`, null when the cost is 0.
 * Every money figure is an integer number of cents; `round` is half away from zero (costs are never negative, so half
 * up). Each scope is computed from its own sums, so a franchise total may differ by a cent from the sum of its rounded
 * per-location rows; the API, the console and the demo all show the same scope's figure.
 */

/** Average days per month (365.25 / 12), for prorating the monthly platform price. */
export const DAYS_PER_MONTH = 30.4375;

/** A location as cost sees it: its zone and when reporting first saw it (null: unknown, counted from the range start). */
export interface BilledLocation {
  timeZone: string;
  /** Instant of the location's first configuration revision reporting stored, or null when unknown. */
  firstSeenAt: Date | null;
}

/** Prices: cents per SMS segment (fractional allowed) and platform cents per location per month. */
export interface RoiPrices {
  smsSegmentCents: number;
  platformMonthCents: number;
}

/** The sums a scope's cost and ROI derive from (counts and integer cents from the rollups). */
export interface RoiInputs {
  smsSegments: number;
  wonRevenueCents: number;
  bookedEstimateCents: number;
  /** Billed location-days of the scope ({@link billedLocationDays}). */
  billedLocationDays: number;
}

/** Cost and ROI columns of a measures row (integer cents; ROI a ratio with 2 decimals, null without cost). */
export interface RoiMeasures {
  sms_cost_cents: number;
  platform_cost_cents: number;
  total_cost_cents: number;
  recovered_revenue_cents: number;
  roi: number | null;
}

/** Half-away-from-zero rounding of `x` to `decimals` places (Math.round alone rounds -2.5 to -2). */
export function roundHalfAwayFromZero(x: number, decimals = 0): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return r === 0 ? 0 : r;
}

/** Inclusive days from `from` to `to` (`YYYY-MM-DD`); 0 when `to` is before `from` or a date is invalid. */
export function inclusiveDays(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return 0;
  return Math.round((b - a) / 86_400_000) + 1;
}

/**
 * Local days of `[from, to]` (inclusive `YYYY-MM-DD`, local to each location) during which each location existed: from
 * the local day of `firstSeenAt` to the local day of `now`, in the location's zone (`UTC` when empty). Summed over
 * `locations`.
 */
export function billedLocationDays(locations: readonly BilledLocation[], from: string, to: string, now: Date): number {
  let days = 0;
  for (const l of locations) {
    const zone = l.timeZone || 'UTC';
    const today = DateTime.fromJSDate(now, { zone }).toISODate() ?? to;
    const born = l.firstSeenAt ? (DateTime.fromJSDate(l.firstSeenAt, { zone }).toISODate() ?? from) : from;
    const start = born > from ? born : from;
    const end = today < to ? today : to;
    days += inclusiveDays(start, end);
  }
  return days;
}

/** Cost and ROI of one scope from its sums (see the module comment for the definition and the rounding). */
export function roiOf(inputs: RoiInputs, prices: RoiPrices): RoiMeasures {
  const sms = roundHalfAwayFromZero(inputs.smsSegments * prices.smsSegmentCents);
  const platform = roundHalfAwayFromZero((prices.platformMonthCents * inputs.billedLocationDays) / DAYS_PER_MONTH);
  const total = sms + platform;
  const recovered = roundHalfAwayFromZero(inputs.wonRevenueCents + inputs.bookedEstimateCents);
  return {
    sms_cost_cents: sms,
    platform_cost_cents: platform,
    total_cost_cents: total,
    recovered_revenue_cents: recovered,
    roi: total > 0 ? roundHalfAwayFromZero(recovered / total, 2) : null,
  };
}
