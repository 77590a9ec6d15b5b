import { Inject, Injectable } from '@nestjs/common';
import { ANALYTICS_STORE, type AnalyticsStore, sql } from '@textback/analytics';

/** A location as reports see it (latest revision of its config). */
export interface ReportLocation {
  locationId: string;
  regionId: string;
  name: string;
  timeZone: string;
  averageTicketCents: number;
  /** When reporting first saw the location's config (ISO 8601 UTC, `location_first_seen`), or null when unknown. */
  firstSeenAt: string | null;
}

/** Reads the `locations` read model; every method takes the tenant id (no unscoped reads). */
@Injectable()
export class ReportLocationRepository {
  constructor(@Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore) {}

  /**
   * Every location of `tenantId`, latest revision (argMax, aliases differ from column names), with the instant reporting
   * first saw it (for billing only the days it existed).
   */
  async listForTenant(tenantId: string): Promise<ReportLocation[]> {
    const q = sql`SELECT location_id AS id, argMax(region_id, revision) AS latest_region, argMax(location_name, revision) AS latest_name,
        argMax(time_zone, revision) AS latest_tz, argMax(average_ticket_cents, revision) AS latest_ticket
      FROM locations WHERE tenant_id = ${tenantId} GROUP BY location_id ORDER BY latest_name, id`;
    const firstSeen = sql`SELECT location_id AS id, toUnixTimestamp(min(first_seen_at)) AS first_seen
      FROM location_first_seen WHERE tenant_id = ${tenantId} GROUP BY location_id`;
    const [rows, seen] = await Promise.all([
      this.store.query<{ id: string; latest_region: string; latest_name: string; latest_tz: string; latest_ticket: string | number }>(q),
      this.store.query<{ id: string; first_seen: string | number }>(firstSeen),
    ]);
    const since = new Map(seen.map((r) => [r.id, new Date(Number(r.first_seen) * 1000).toISOString()]));
    return rows.map((r) => ({
      locationId: r.id,
      regionId: r.latest_region,
      name: r.latest_name,
      timeZone: r.latest_tz,
      averageTicketCents: Number(r.latest_ticket),
      firstSeenAt: since.get(r.id) ?? null,
    }));
  }
}
