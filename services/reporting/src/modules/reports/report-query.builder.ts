import { inList, lit, sql, type SqlFragment, type SqlValue } from '@textback/analytics';
import { DAYS_PER_MONTH } from './roi.util';

/**
 * The SQL of every report, built once and used by both the REST API (values as escaped
 * literals) and the Grafana dashboards (values as Grafana macros/variables passed with `raw()`),
 * so the two always show the same numbers. All SQL runs on ClickHouse 18.16 and current, i.e. on both
 * analytics store adapters (at most one JOIN per SELECT, no CTE/window/WITH FILL, no FINAL; joined
 * subqueries carry an alias, which current ClickHouse requires: joined_subquery_requires_alias). Reports read the daily rollups
 * `measures_daily` / `leads_daily` / `reasons_daily`, keyed by the LOCAL day of each location (computed at insert time), so day, ISO
 * week and month buckets in the location's time zone are plain functions of `local_date`.
 */

/** Time bucket of a trend: local calendar day, ISO week (Monday) or month, in the location's time zone. */
export type Grain = 'day' | 'week' | 'month';
/** Dimension a report is split by. */
export type GroupBy = 'tenant' | 'region' | 'location' | 'tracking_source';

/** Locations sharing one IANA time zone (used to turn Grafana's instants into local days; the tz argument of toDate must be a constant). */
export interface ZoneGroup {
  /** IANA zone, e.g. `America/Chicago`, or raw(`'${tz}'`) for Grafana. */
  timeZone: SqlValue;
  /** Location ids, or raw(`(${location:singlequote})`) for Grafana. */
  locationIds: readonly string[] | SqlFragment;
}

/** Inclusive local dates `YYYY-MM-DD` (API) or instants (Grafana `$__fromTime`/`$__toTime`). */
export type ReportRange = { kind: 'local-dates'; from: string; to: string } | { kind: 'instants'; from: SqlValue; to: SqlValue };

/** Prices for cost and ROI: cents per SMS segment, platform cents per location per month. */
export interface CostInputs {
  smsSegmentCents: SqlValue;
  platformMonthCents: SqlValue;
  /** Locations billed in the range (API: the scoped locations; Grafana: uniqExact(location_id)). */
  locationCount: SqlValue;
  /** Days the range covers (for totals); per-bucket days are computed from the bucket. */
  rangeDays: SqlValue;
}

export interface MeasuresQuerySpec {
  tenantId: SqlValue;
  zones: readonly ZoneGroup[];
  range: ReportRange;
  /** Absent: one row of totals (the funnel / ROI); present: one row per bucket (the trend). */
  grain?: Grain;
  groupBy?: GroupBy;
  /** Only events attributed to this tracking source. */
  trackingSource?: SqlValue;
  /**
   * Grafana only: adds cost and ROI columns computed in SQL over the dashboard's range. The REST API leaves it out and
   * computes cost and ROI in roi.util.ts (integer cents, days clipped to when each location existed).
   */
  cost?: CostInputs;
}


/**
 * Every measure column of the rollup, in output order, as `[alias, expression over
 * measures_daily]`. texts_delivered / texts_failed count every SMS; first_texts_delivered /
 * first_texts_failed only first texts (status paired with its send by message id). Counts; money in cents. Pipeline flow: won = entered − left `won`;
 * booked_estimate = estimates of leads that entered `booked` and have not left it.
 */
export const MEASURE_COLUMNS: readonly (readonly [string, string])[] = [
  ...['calls', 'answered_calls', 'missed_calls', 'voicemails', 'first_texts_sent', 'first_texts_suppressed', 'first_texts_deferred', 'first_text_sms_sent', 'texts_sent', 'sms_segments', 'texts_delivered', 'texts_failed', 'first_texts_delivered', 'first_texts_failed', 'replied_conversations', 'qualified_leads', 'urgent_leads', 'pages', 'escalations', 'acknowledged', 'bookings']
    .map((c) => [c, `toInt64(sum(${c}))`] as const),
  ['booking_estimate_cents', 'sum(booking_estimate_cents)'],
  ...['cancellations', 'callbacks', 'opt_outs'].map((c) => [c, `toInt64(sum(${c}))`] as const),
  ['won_jobs', 'toInt64(sum(won_in)) - toInt64(sum(won_out))'],
  ['won_revenue_cents', 'sum(won_revenue_in_cents) - sum(won_revenue_out_cents)'],
  ['booked_estimate_cents', 'sum(booked_in_cents) - sum(booked_out_cents)'],
];

/** Measures joined from `leads_daily` (leads lead-crm opened, crm.lead.created.v1), by the report's dimensions. */
export const JOINED_MEASURES: readonly string[] = ['leads'];

/** Upper bounds (seconds) of the latency histogram buckets in measures_daily (`ttftMap` / `ackMap` bucket i = LATENCY_BOUNDS[i - 1]). */
export const LATENCY_BOUNDS: readonly number[] = [1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800, 3600, 86400];

/** Latency percentiles (seconds): time to first text and to dispatcher acknowledgement. */
export const LATENCY_COLUMNS: readonly string[] = ['ttft_p50_seconds', 'ttft_p95_seconds', 'ack_p50_seconds', 'ack_p95_seconds'];

/**
 * Percentile `p` of a summed histogram map `hist` (`sumMap(bucket, n)`: tuple of ascending 1-based
 * bucket indexes and their counts): the upper bound of the first bucket whose cumulative count
 * reaches p × total (so "p50 = 10" means half took at most 10 s); NaN (JSON null) when empty.
 */
function histogramPercentile(hist: string, p: number): string {
  const counts = `tupleElement(${hist}, 2)`;
  return `if(arraySum(${counts}) = 0, nan, toFloat64(arrayElement([${LATENCY_BOUNDS.join(', ')}], arrayElement(tupleElement(${hist}, 1), arrayFirstIndex(x -> x >= ${p} * arraySum(${counts}), arrayCumSum(${counts}))))))`;
}

function zoneExpr(zones: readonly ZoneGroup[], fn: (tz: string) => string): string {
  if (zones.length === 0) throw new Error('a report needs at least one location');
  const last = zones[zones.length - 1] as ZoneGroup;
  if (zones.length === 1) return fn(lit(last.timeZone));
  const branches = zones.slice(0, -1).map((z) => `location_id IN ${locationList(z.locationIds)}, ${fn(lit(z.timeZone))}`);
  return `multiIf(${branches.join(', ')}, ${fn(lit(last.timeZone))})`;
}

function locationList(ids: readonly string[] | SqlFragment): string {
  return Array.isArray(ids) ? inList(ids as string[]).text : (ids as SqlFragment).text;
}

/** Local calendar day of `instant` (a DateTime expression), per location time zone. */
export function localDayExpr(zones: readonly ZoneGroup[], instant: string): string {
  return zoneExpr(zones, (tz) => `toDate(${instant}, ${tz})`);
}

/** The bucket expression of a grain over the rollup's local day `local_date` (a Date). */
export function bucketExpr(grain: Grain): string {
  switch (grain) {
    case 'day':
      return 'local_date';
    case 'week':
      return 'toMonday(local_date)';
    case 'month':
      return 'toStartOfMonth(local_date)';
  }
}

const GROUP_COLUMN: Record<GroupBy, string> = { tenant: 'tenant_id', region: 'region_id', location: 'location_id', tracking_source: 'tracking_source' };

/**
 * WHERE clause shared by every report: tenant, locations in scope, range of local days (the
 * primary key's prefix: tenant, location, local_date), tracking source.
 */
export function reportWhere(spec: Pick<MeasuresQuerySpec, 'tenantId' | 'zones' | 'range' | 'trackingSource'>): string {
  const all = spec.zones.map((z) => locationList(z.locationIds));
  const locations = spec.zones.every((z) => Array.isArray(z.locationIds))
    ? inList(spec.zones.flatMap((z) => z.locationIds as string[])).text
    : all.length === 1
      ? (all[0] as string)
      : `(${all.map((l) => l.slice(1, -1)).join(', ')})`;
  const parts = [sql`tenant_id = ${spec.tenantId}`.text, `location_id IN ${locations}`];
  if (spec.range.kind === 'local-dates') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(spec.range.from) || !/^\d{4}-\d{2}-\d{2}$/.test(spec.range.to)) throw new Error('range dates must be YYYY-MM-DD');
    parts.push(sql`local_date BETWEEN toDate(${spec.range.from}) AND toDate(${spec.range.to})`.text);
  } else {
    // Grafana's instants → local days of each location's zone; the end instant is exclusive.
    parts.push(`local_date >= ${localDayExpr(spec.zones, lit(spec.range.from))}`);
    parts.push(`local_date <= ${localDayExpr(spec.zones, `(${lit(spec.range.to)} - 1)`)}`);
  }
  if (spec.trackingSource !== undefined) parts.push(sql`tracking_source = ${spec.trackingSource}`.text);
  return parts.join('\n  AND ');
}

/**
 * The measures query: sums over `measures_daily` joined with `leads_daily` on the report's
 * dimensions (no raw scan, no FINAL: its cost grows with locations × local days × tracking
 * sources, not with events), as totals (no grain) or a trend (one row per bucket),
 * optionally split by a dimension (`group_key`). With `spec.cost` (Grafana's dashboards) adds cost and ROI columns
 * in SQL, prorated over the whole range and not rounded:
 * `sms_cost_cents = sms_segments × smsSegmentCents`, `platform_cost_cents = platformMonthCents ×
 * locationCount × days / 30.4375`, `recovered_revenue_cents = won_revenue_cents +
 * booked_estimate_cents`, `roi = recovered_revenue_cents / total_cost_cents` (0 without cost).
 * Percentiles come from the latency histograms (bucket upper bounds, see LATENCY_BOUNDS).
 */
export function buildMeasuresQuery(spec: MeasuresQuerySpec): string {
  const dims: string[] = [];
  if (spec.grain) dims.push(`${bucketExpr(spec.grain)} AS bucket`);
  if (spec.groupBy) dims.push(`${GROUP_COLUMN[spec.groupBy]} AS group_key`);
  const keys = dims.length > 0 ? dims.map((d) => d.split(' AS ')[1] as string) : ['join_key'];
  const keyExprs = dims.length > 0 ? dims : ['1 AS join_key'];
  const groupBy = dims.length > 0 ? `GROUP BY ${keys.join(', ')}` : '';
  const inner = `SELECT
    ${[...keyExprs, ...MEASURE_COLUMNS.map(([alias, expr]) => `${expr} AS ${alias}`), 'sumMap(`ttftMap.bucket`, `ttftMap.n`) AS ttft_hist', 'sumMap(`ackMap.bucket`, `ackMap.n`) AS ack_hist'].join(',\n    ')}
  FROM measures_daily
  WHERE ${reportWhere(spec)}
  ${groupBy}`;
  const leads = `SELECT ${[...keyExprs, 'toInt64(sum(leads)) AS leads'].join(', ')}
  FROM leads_daily
  WHERE ${reportWhere(spec)}
  ${groupBy}`;
  const days = spec.grain === undefined ? (spec.cost ? lit(spec.cost.rangeDays) : '0') : spec.grain === 'day' ? '1' : spec.grain === 'week' ? '7' : "dateDiff('day', bucket, addMonths(bucket, 1))";
  const outerDims = [spec.grain ? 'bucket' : '', spec.groupBy ? 'group_key' : ''].filter(Boolean);
  return `SELECT
  ${[...outerDims, ...MEASURE_COLUMNS.map(([alias]) => alias), ...JOINED_MEASURES].join(', ')},
  ${histogramPercentile('ttft_hist', 0.5)} AS ttft_p50_seconds,
  ${histogramPercentile('ttft_hist', 0.95)} AS ttft_p95_seconds,
  ${histogramPercentile('ack_hist', 0.5)} AS ack_p50_seconds,
  ${histogramPercentile('ack_hist', 0.95)} AS ack_p95_seconds,
  ${costColumns(spec.cost, days)}
FROM (
  ${inner}
) AS measures ANY LEFT JOIN (
  ${leads}
) AS lead_counts USING (${keys.join(', ')})
${outerDims.length > 0 ? `ORDER BY ${outerDims.join(', ')}` : ''}`.trim();
}

/**
 * The columns after the percentiles: Grafana's SQL cost and ROI (see buildMeasuresQuery) when `cost` is given, else
 * only `recovered_revenue_cents` (the API adds cost and ROI with roiOf).
 */
function costColumns(cost: CostInputs | undefined, days: string): string {
  if (!cost) return 'won_revenue_cents + booked_estimate_cents AS recovered_revenue_cents';
  return `sms_segments * ${lit(cost.smsSegmentCents)} AS sms_cost_cents,
  ${lit(cost.platformMonthCents)} * ${lit(cost.locationCount)} * ${days} / ${DAYS_PER_MONTH} AS platform_cost_cents,
  sms_cost_cents + platform_cost_cents AS total_cost_cents,
  won_revenue_cents + booked_estimate_cents AS recovered_revenue_cents,
  if(total_cost_cents > 0, recovered_revenue_cents / total_cost_cents, 0) AS roi`;
}

/**
 * Breakdown of missed calls by reason, first texts by outcome and suppression reason, and failed
 * texts by reason: rows `(event_type, outcome, reason, n)` from `reasons_daily`.
 */
export function buildBreakdownQuery(spec: Pick<MeasuresQuerySpec, 'tenantId' | 'zones' | 'range' | 'trackingSource'>): string {
  return `SELECT event_type, outcome, reason, toInt64(sum(events)) AS n
FROM reasons_daily
WHERE ${reportWhere(spec)}
GROUP BY event_type, outcome, reason
ORDER BY event_type, outcome, reason`;
}
