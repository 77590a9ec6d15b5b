import { Inject, Injectable, Optional } from '@nestjs/common';
import { TOPICS } from '@textback/contracts';
import { DateTime } from 'luxon';
import { REPORTING_CLOCK, REPORTING_SETTINGS, type ReportingClock, systemReportingClock } from './reports.constants';
import { type ReportPrincipal } from '../auth/report-principal.types';
import { ReportException, ReportExceptionCode } from './report.exception';
import { type ReportLocation, ReportLocationRepository } from './report-location.repository';
import { buildBreakdownQuery, buildMeasuresQuery, type Grain, type GroupBy, JOINED_MEASURES, LATENCY_COLUMNS, MEASURE_COLUMNS, type MeasuresQuerySpec, type ZoneGroup } from './report-query.builder';
import { type ReportRow, ReportQueryRepository } from './report-query.repository';
import { type ReportingSettings } from './reporting-settings.types';
import { billedLocationDays, type RoiMeasures, roiOf } from './roi.util';

/** Filters common to every report. Dates are local `YYYY-MM-DD`, inclusive. */
export interface ReportFilter {
  from: string;
  to: string;
  locationIds?: string[];
  regionId?: string;
  trackingSource?: string;
}

/** Measures of one scope: counts, integer cents, seconds (null when no sample), ROI ratio (null without cost). */
export type Measures = Record<string, number | null>;

/** Counts by reason. */
export interface Breakdown {
  missedCallsByReason: Record<string, number>;
  firstTextsSuppressedByReason: Record<string, number>;
  firstTextsDeferredByReason: Record<string, number>;
  textsFailedByReason: Record<string, number>;
}

/** Funnel (totals) of a scope. */
export interface FunnelReport {
  tenantId: string;
  from: string;
  to: string;
  locations: { locationId: string; name: string; regionId: string; timeZone: string }[];
  measures: Measures;
  breakdown: Breakdown;
}

/** One measures row per bucket (and group). */
export interface TrendReport {
  grain: Grain;
  groupBy: GroupBy | null;
  /** `bucket` (YYYY-MM-DD, local), `groupKey` (or null) and every measure. */
  points: Record<string, number | string | null>[];
}

/** Per-location ROI table. */
export interface RoiReport {
  totals: Measures;
  /** `locationId`, `name`, `regionId` and every measure. */
  locations: Record<string, number | string | null>[];
}

const MAX_RANGE_DAYS = 400;

/** Every numeric column of a measures row (measures + cost + ROI). */
export const MEASURE_NAMES: readonly string[] = [...MEASURE_COLUMNS.map(([a]) => a), ...JOINED_MEASURES, ...LATENCY_COLUMNS, 'sms_cost_cents', 'platform_cost_cents', 'total_cost_cents', 'recovered_revenue_cents', 'roi'];

/**
 * The missed-call-to-revenue funnel, trends and ROI, scoped like lead-crm: owner/admin see
 * their tenant, a regional manager only locations of their regions, dispatcher/agent only their
 * locations. Another tenant's (or an invisible) tenant, region or location is NOT_FOUND.
 * Days, weeks (Monday) and months are in each location's time zone. Cost and ROI follow the one definition of
 * roi.util.ts: integer cents, platform days clipped to when each location existed (first seen .. its local today).
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly locations: ReportLocationRepository,
    private readonly queries: ReportQueryRepository,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
    @Optional() @Inject(REPORTING_CLOCK) private readonly clock: ReportingClock = systemReportingClock,
  ) {}

  /** Locations of `tenantId` the principal may see (for filters). @throws ReportException NOT_FOUND. */
  async visibleLocations(principal: ReportPrincipal, tenantId: string): Promise<ReportLocation[]> {
    if (principal.tenantId !== tenantId) throw new ReportException(ReportExceptionCode.NOT_FOUND, 'tenant not found');
    const all = await this.locations.listForTenant(tenantId);
    switch (principal.role) {
      case 'owner':
      case 'admin':
        return all;
      case 'regional_manager':
        return all.filter((l) => principal.regionIds.includes(l.regionId));
      case 'location_manager':
      case 'dispatcher':
      case 'agent':
        return all.filter((l) => principal.locationIds.includes(l.locationId));
    }
  }

  /** @throws ReportException NOT_FOUND for an invisible region/location, BAD_RANGE for a bad range. */
  async scope(principal: ReportPrincipal, tenantId: string, filter: ReportFilter): Promise<ReportLocation[]> {
    const days = rangeDays(filter);
    if (days < 1 || days > MAX_RANGE_DAYS) throw new ReportException(ReportExceptionCode.BAD_RANGE, `range must be 1..${MAX_RANGE_DAYS} days with from <= to`);
    let scoped = await this.visibleLocations(principal, tenantId);
    if (filter.regionId !== undefined) {
      scoped = scoped.filter((l) => l.regionId === filter.regionId);
      if (scoped.length === 0) throw new ReportException(ReportExceptionCode.NOT_FOUND, 'region not found');
    }
    if (filter.locationIds !== undefined && filter.locationIds.length > 0) {
      const ids = new Set(scoped.map((l) => l.locationId));
      if (filter.locationIds.some((id) => !ids.has(id))) throw new ReportException(ReportExceptionCode.NOT_FOUND, 'location not found');
      scoped = scoped.filter((l) => filter.locationIds?.includes(l.locationId));
    }
    return scoped;
  }

  /** The query spec of a scope (also used by tools to show the SQL the API runs); cost and ROI are added by {@link withRoi}. */
  spec(tenantId: string, scoped: readonly ReportLocation[], filter: ReportFilter, extra: { grain?: Grain; groupBy?: GroupBy } = {}): MeasuresQuerySpec {
    const byZone = new Map<string, string[]>();
    for (const l of scoped) byZone.set(l.timeZone || 'UTC', [...(byZone.get(l.timeZone || 'UTC') ?? []), l.locationId]);
    const zones: ZoneGroup[] = [...byZone.entries()].map(([timeZone, locationIds]) => ({ timeZone, locationIds }));
    return {
      tenantId,
      zones,
      range: { kind: 'local-dates', from: filter.from, to: filter.to },
      ...(extra.grain ? { grain: extra.grain } : {}),
      ...(extra.groupBy ? { groupBy: extra.groupBy } : {}),
      ...(filter.trackingSource !== undefined ? { trackingSource: filter.trackingSource } : {}),
    };
  }

  /**
   * Adds cost and ROI (roi.util.ts) to a measures row of `locations` over the local days `from`..`to`: SMS segments,
   * won revenue and booked estimates from the row, platform days from when each location existed up to its today.
   */
  withRoi(row: ReportRow | undefined, locations: readonly ReportLocation[], from: string, to: string): Measures {
    const m = measuresOf(row);
    const roi: RoiMeasures = roiOf(
      {
        smsSegments: Number(m.sms_segments ?? 0),
        wonRevenueCents: Number(m.won_revenue_cents ?? 0),
        bookedEstimateCents: Number(m.booked_estimate_cents ?? 0),
        billedLocationDays: billedLocationDays(
          locations.map((l) => ({ timeZone: l.timeZone, firstSeenAt: l.firstSeenAt ? new Date(l.firstSeenAt) : null })),
          from,
          to,
          this.clock.now(),
        ),
      },
      { smsSegmentCents: this.settings.smsPricePerSegmentCents, platformMonthCents: this.settings.platformCostPerLocationMonthCents },
    );
    return { ...m, ...roi };
  }

  async funnel(principal: ReportPrincipal, tenantId: string, filter: ReportFilter): Promise<FunnelReport> {
    const scoped = await this.scope(principal, tenantId, filter);
    const base = { tenantId, from: filter.from, to: filter.to, locations: scoped.map((l) => ({ locationId: l.locationId, name: l.name, regionId: l.regionId, timeZone: l.timeZone })) };
    if (scoped.length === 0) return { ...base, measures: zeroMeasures(), breakdown: { missedCallsByReason: {}, firstTextsSuppressedByReason: {}, firstTextsDeferredByReason: {}, textsFailedByReason: {} } };
    const spec = this.spec(tenantId, scoped, filter);
    const [totals, breakdown] = await Promise.all([this.queries.rows(buildMeasuresQuery(spec)), this.queries.rows(buildBreakdownQuery(spec))]);
    return { ...base, measures: this.withRoi(totals[0], scoped, filter.from, filter.to), breakdown: toBreakdown(breakdown) };
  }

  async trend(principal: ReportPrincipal, tenantId: string, filter: ReportFilter, grain: Grain, groupBy?: GroupBy): Promise<TrendReport> {
    const scoped = await this.scope(principal, tenantId, filter);
    if (scoped.length === 0) return { grain, groupBy: groupBy ?? null, points: [] };
    const rows = await this.queries.rows(buildMeasuresQuery(this.spec(tenantId, scoped, filter, { grain, ...(groupBy ? { groupBy } : {}) })));
    return {
      grain,
      groupBy: groupBy ?? null,
      points: rows.map((r) => {
        const bucket = String(r.bucket);
        const groupKey = r.group_key === undefined ? null : String(r.group_key);
        const [from, to] = bucketDays(bucket, grain, filter);
        return { bucket, groupKey, ...this.withRoi(r, groupLocations(scoped, groupBy, groupKey), from, to) };
      }),
    };
  }

  async roi(principal: ReportPrincipal, tenantId: string, filter: ReportFilter): Promise<RoiReport> {
    const scoped = await this.scope(principal, tenantId, filter);
    if (scoped.length === 0) return { totals: zeroMeasures(), locations: [] };
    const [totals, perLocation] = await Promise.all([
      this.queries.rows(buildMeasuresQuery(this.spec(tenantId, scoped, filter))),
      this.queries.rows(buildMeasuresQuery(this.spec(tenantId, scoped, filter, { groupBy: 'location' }))),
    ]);
    const byId = new Map(perLocation.map((r) => [String(r.group_key), r]));
    return {
      totals: this.withRoi(totals[0], scoped, filter.from, filter.to),
      locations: scoped.map((l) => ({ locationId: l.locationId, name: l.name, regionId: l.regionId, ...this.withRoi(byId.get(l.locationId), [l], filter.from, filter.to) })),
    };
  }
}

/** Inclusive days between two `YYYY-MM-DD` dates (0 or less when `to` is before `from`). */
export function rangeDays(filter: { from: string; to: string }): number {
  const from = Date.parse(`${filter.from}T00:00:00Z`);
  const to = Date.parse(`${filter.to}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return 0;
  return Math.round((to - from) / 86_400_000) + 1;
}

/** First and last local day (`YYYY-MM-DD`) of a trend bucket, clipped to the report's range. */
export function bucketDays(bucket: string, grain: Grain, range: { from: string; to: string }): [string, string] {
  const start = DateTime.fromISO(bucket, { zone: 'utc' });
  const end = grain === 'day' ? start : grain === 'week' ? start.plus({ days: 6 }) : start.endOf('month');
  const first = start.toISODate() ?? bucket;
  const last = end.toISODate() ?? bucket;
  return [first > range.from ? first : range.from, last < range.to ? last : range.to];
}

/**
 * Locations whose platform days a trend point bills: the location itself, the locations of the region, or every scoped
 * location (no split, the tenant, or a tracking source: a location's platform price is not split by where its leads
 * came from, so each source's row carries the whole scope's platform cost).
 */
function groupLocations(scoped: readonly ReportLocation[], groupBy: GroupBy | undefined, key: string | null): readonly ReportLocation[] {
  switch (groupBy) {
    case 'location':
      return scoped.filter((l) => l.locationId === key);
    case 'region':
      return scoped.filter((l) => l.regionId === key);
    case 'tenant':
    case 'tracking_source':
    case undefined:
      return scoped;
  }
}

function measuresOf(row: ReportRow | undefined): Measures {
  const out: Measures = {};
  for (const name of MEASURE_NAMES) {
    const v = row?.[name];
    out[name] = typeof v === 'number' ? v : v === null || v === undefined ? (name.endsWith('_seconds') ? null : 0) : Number(v);
  }
  return out;
}

function zeroMeasures(): Measures {
  return { ...measuresOf(undefined), roi: null };
}

function toBreakdown(rows: ReportRow[]): Breakdown {
  const b: Breakdown = { missedCallsByReason: {}, firstTextsSuppressedByReason: {}, firstTextsDeferredByReason: {}, textsFailedByReason: {} };
  const add = (m: Record<string, number>, k: string, n: number) => {
    m[k || 'unknown'] = (m[k || 'unknown'] ?? 0) + n;
  };
  for (const r of rows) {
    const n = Number(r.n);
    const reason = String(r.reason ?? '');
    if (r.event_type === TOPICS.callMissed) add(b.missedCallsByReason, reason, n);
    else if (r.event_type === TOPICS.firstTextDecided && r.outcome === 'suppressed') add(b.firstTextsSuppressedByReason, reason, n);
    else if (r.event_type === TOPICS.firstTextDecided && r.outcome === 'deferred') add(b.firstTextsDeferredByReason, reason, n);
    else if (r.event_type === TOPICS.smsFailed) add(b.textsFailedByReason, reason, n);
  }
  return b;
}
