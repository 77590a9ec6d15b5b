import { TOPICS } from '@textback/contracts';
import { inList, lit, raw, sql, type SqlFragment, type SqlValue } from '../../clickhouse/clickhouse-sql.util';

/**
 * The SQL of every report, built once and used by both the REST API (values as escaped
 * literals) and the Grafana dashboards (values as Grafana macros/variables passed with `raw()`),
 * so the two always show the same numbers. All SQL runs on ClickHouse 18.16 and current (one
 * table, no CTE/window/WITH FILL; `-MergeIf` combinators; tz argument constant per branch).
 */

/** Time bucket of a trend: local calendar day, ISO week (Monday) or month, in the location's time zone. */
export type Grain = 'day' | 'week' | 'month';
/** Dimension a report is split by. */
export type GroupBy = 'tenant' | 'region' | 'location' | 'tracking_source';

/** Locations sharing one IANA time zone (the tz argument of toDate/toMonday must be a constant). */
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
  cost: CostInputs;
}

/** Days in a month, for prorating the monthly platform cost. */
const DAYS_PER_MONTH = 30.4375;

const T = TOPICS;
const is = (type: string, extra = '') => `event_type = ${lit(type)}${extra}`;
const cnt = (cond: string) => `toInt64(countMergeIf(events_state, ${cond}))`;

/** Every measure column, in output order, as `[alias, expression]`. Money in cents, times in seconds. */
export const MEASURE_COLUMNS: readonly (readonly [string, string])[] = [
  ['calls', cnt(is(T.callReceived))],
  ['answered_calls', cnt(is(T.callAnswered))],
  ['missed_calls', cnt(is(T.callMissed))],
  ['voicemails', cnt(is(T.callVoicemail))],
  ['first_texts_sent', cnt(is(T.firstTextDecided, " AND outcome = 'sent'"))],
  ['first_texts_suppressed', cnt(is(T.firstTextDecided, " AND outcome = 'suppressed'"))],
  ['first_texts_deferred', cnt(is(T.firstTextDecided, " AND outcome = 'deferred'"))],
  ['first_text_sms_sent', cnt(is(T.smsSent, " AND outcome = 'first_text'"))],
  ['texts_sent', cnt(is(T.smsSent))],
  ['sms_segments', `toInt64(sumMergeIf(segments_sum, ${is(T.smsSent)}))`],
  ['texts_delivered', cnt(is(T.smsDelivered))],
  ['texts_failed', cnt(is(T.smsFailed))],
  ['replied_conversations', `toInt64(uniqExactIfMergeIf(replied_conversations, ${is(T.smsReceived)}))`],
  ['ttft_p50_seconds', `quantilesMergeIf(0.5, 0.95)(latency_q, ${is(T.firstTextDecided, " AND outcome = 'sent'")})[1]`],
  ['ttft_p95_seconds', `quantilesMergeIf(0.5, 0.95)(latency_q, ${is(T.firstTextDecided, " AND outcome = 'sent'")})[2]`],
  ['qualified_leads', cnt(is(T.leadQualified))],
  ['urgent_leads', cnt(is(T.urgentDetected))],
  ['pages', cnt(is(T.dispatchPaged))],
  ['escalations', cnt(is(T.dispatchEscalated))],
  ['acknowledged', cnt(is(T.dispatchAcknowledged))],
  ['ack_p50_seconds', `quantilesMergeIf(0.5, 0.95)(latency_q, ${is(T.dispatchAcknowledged)})[1]`],
  ['ack_p95_seconds', `quantilesMergeIf(0.5, 0.95)(latency_q, ${is(T.dispatchAcknowledged)})[2]`],
  ['bookings', cnt(is(T.bookingConfirmed, " AND outcome = 'new'"))],
  ['booking_estimate_cents', `toInt64(sumMergeIf(value_sum, ${is(T.bookingConfirmed, " AND outcome = 'new'")}))`],
  ['cancellations', cnt(is(T.bookingCancelled))],
  ['callbacks', cnt(is(T.callbackScheduled))],
  ['opt_outs', cnt(is(T.consentOptedOut))],
  // Pipeline flow accounting over crm.lead.stage-changed (outcome = new stage, reason = previous):
  // a lead entering `won` adds, one leaving `won` (reopened) subtracts.
  ['won_jobs', `${cnt(is(T.leadStageChanged, " AND outcome = 'won'"))} - ${cnt(is(T.leadStageChanged, " AND reason = 'won'"))}`],
  ['won_revenue_cents', `toInt64(sumMergeIf(actual_sum, ${is(T.leadStageChanged, " AND outcome = 'won'")})) - toInt64(sumMergeIf(actual_sum, ${is(T.leadStageChanged, " AND reason = 'won'")}))`],
  // Estimated value of leads booked and not (yet) won or lost.
  ['booked_estimate_cents', `toInt64(sumMergeIf(value_sum, ${is(T.leadStageChanged, " AND outcome = 'booked'")})) - toInt64(sumMergeIf(value_sum, ${is(T.leadStageChanged, " AND reason = 'booked'")}))`],
];

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

/** Local calendar day of the hour bucket, per location time zone. */
export function localDayExpr(zones: readonly ZoneGroup[]): string {
  return zoneExpr(zones, (tz) => `toDate(hour, ${tz})`);
}

/** The bucket expression of a grain (returns Date in every branch). */
export function bucketExpr(grain: Grain, zones: readonly ZoneGroup[]): string {
  switch (grain) {
    case 'day':
      return localDayExpr(zones);
    case 'week':
      return zoneExpr(zones, (tz) => `toMonday(hour, ${tz})`);
    case 'month':
      return zoneExpr(zones, (tz) => `toStartOfMonth(hour, ${tz})`);
  }
}

const GROUP_COLUMN: Record<GroupBy, string> = { tenant: 'tenant_id', region: 'region_id', location: 'location_id', tracking_source: 'tracking_source' };

/** WHERE clause shared by every report: tenant, locations in scope, range, tracking source. */
export function reportWhere(spec: Pick<MeasuresQuerySpec, 'tenantId' | 'zones' | 'range' | 'trackingSource'>): string {
  const all = spec.zones.map((z) => locationList(z.locationIds));
  const locations = spec.zones.every((z) => Array.isArray(z.locationIds))
    ? inList(spec.zones.flatMap((z) => z.locationIds as string[])).text
    : all.length === 1
      ? (all[0] as string)
      : `(${all.map((l) => l.slice(1, -1)).join(', ')})`;
  const parts = [sql`tenant_id = ${spec.tenantId}`.text, `location_id IN ${locations}`];
  if (spec.range.kind === 'local-dates') {
    // Coarse UTC bounds (±14 h covers every zone offset) use the primary key; the local-day
    // condition then cuts exactly at local midnight.
    const from = new Date(`${spec.range.from}T00:00:00Z`);
    const to = new Date(`${spec.range.to}T00:00:00Z`);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error('range dates must be YYYY-MM-DD');
    parts.push(sql`hour >= ${new Date(from.getTime() - 14 * 3600_000)} AND hour < ${new Date(to.getTime() + 38 * 3600_000)}`.text);
    parts.push(sql`${raw(localDayExpr(spec.zones))} BETWEEN toDate(${spec.range.from}) AND toDate(${spec.range.to})`.text);
  } else {
    parts.push(sql`hour >= ${spec.range.from} AND hour < ${spec.range.to}`.text);
  }
  if (spec.trackingSource !== undefined) parts.push(sql`tracking_source = ${spec.trackingSource}`.text);
  return parts.join('\n  AND ');
}

/**
 * The measures query over `events_hourly`: totals (no grain) or a trend (one row per bucket),
 * optionally split by a dimension (`group_key`). Adds cost and ROI columns:
 * `sms_cost_cents = sms_segments × smsSegmentCents`, `platform_cost_cents = platformMonthCents ×
 * locationCount × days / 30.4375`, `recovered_revenue_cents = won_revenue_cents +
 * booked_estimate_cents`, `roi = recovered_revenue_cents / total_cost_cents` (0 without cost).
 */
export function buildMeasuresQuery(spec: MeasuresQuerySpec): string {
  const dims: string[] = [];
  if (spec.grain) dims.push(`${bucketExpr(spec.grain, spec.zones)} AS bucket`);
  if (spec.groupBy) dims.push(`${GROUP_COLUMN[spec.groupBy]} AS group_key`);
  const days = spec.grain === undefined ? lit(spec.cost.rangeDays) : spec.grain === 'day' ? '1' : spec.grain === 'week' ? '7' : "dateDiff('day', bucket, addMonths(bucket, 1))";
  const inner = `SELECT
  ${[...dims, ...MEASURE_COLUMNS.map(([alias, expr]) => `${expr} AS ${alias}`)].join(',\n  ')}
FROM events_hourly
WHERE ${reportWhere(spec)}
${dims.length > 0 ? `GROUP BY ${dims.map((d) => d.split(' AS ')[1]).join(', ')}` : ''}`;
  const outerDims = [spec.grain ? 'bucket' : '', spec.groupBy ? 'group_key' : ''].filter(Boolean);
  return `SELECT
  ${[...outerDims, ...MEASURE_COLUMNS.map(([alias]) => alias)].join(', ')},
  sms_segments * ${lit(spec.cost.smsSegmentCents)} AS sms_cost_cents,
  ${lit(spec.cost.platformMonthCents)} * ${lit(spec.cost.locationCount)} * ${days} / ${DAYS_PER_MONTH} AS platform_cost_cents,
  sms_cost_cents + platform_cost_cents AS total_cost_cents,
  won_revenue_cents + booked_estimate_cents AS recovered_revenue_cents,
  if(total_cost_cents > 0, recovered_revenue_cents / total_cost_cents, 0) AS roi
FROM (
${inner}
)
${outerDims.length > 0 ? `ORDER BY ${outerDims.join(', ')}` : ''}`.trim();
}

/**
 * Breakdown of missed calls by reason, first texts by outcome and suppression reason, and failed
 * texts by reason: rows `(event_type, outcome, reason, n)`.
 */
export function buildBreakdownQuery(spec: Pick<MeasuresQuerySpec, 'tenantId' | 'zones' | 'range' | 'trackingSource'>): string {
  return `SELECT event_type, outcome, reason, toInt64(countMerge(events_state)) AS n
FROM events_hourly
WHERE ${reportWhere(spec)}
  AND event_type IN ${inList([T.callMissed, T.firstTextDecided, T.smsFailed]).text}
GROUP BY event_type, outcome, reason
ORDER BY event_type, outcome, reason`;
}
