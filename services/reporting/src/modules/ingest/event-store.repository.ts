import { Inject, Injectable } from '@nestjs/common';
import { ANALYTICS_STORE, type AnalyticsStore, inList, sql } from '@textback/analytics';
import { type LocationConfig } from '@textback/contracts';
import { EVENT_ROW_COLUMNS, type EventRow } from './event-row.mapper';

/** A location's reporting attributes (from crm.location.config.v1). */
export interface LocationRow {
  location_id: string;
  tenant_id: string;
  region_id: string;
  location_name: string;
  business_name: string;
  time_zone: string;
  currency: string;
  /** Mean of the location's services' average tickets, cents. */
  average_ticket_cents: number;
  revision: number;
  updated_at: number;
}

/** A row of `sms_message_links` (migration 018): a send and its purpose, or an orphan status. */
export interface MessageLinkRow {
  tenant_id: string;
  message_id: string;
  kind: 'send' | 'status';
  /** Send purpose (`first_text`, ...) for kind `send`, else ''. */
  purpose: string;
  /** `delivered` / `failed` for kind `status`, else ''. */
  status: string;
  /** Unix seconds (UTC) of the send or status. */
  at: number;
}

/** A location's enrichment attributes: region ('' when none) and IANA time zone. */
export interface LocationInfo {
  regionId: string;
  timeZone: string;
}

/**
 * The only writer of reporting's analytics tables (through the analytics store port): raw events (idempotent on event id), the
 * location read model and call attribution. Reads here are primary-key lookups.
 */
@Injectable()
export class EventStoreRepository {
  constructor(@Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore) {}

  /**
   * Which of `rows` are already stored (a redelivery). Looks them up by the full sort key of
   * `events` (tenant, location, type, time, id), so it reads a few granules, not the table.
   * @returns the stored event ids.
   */
  async existingIds(rows: readonly EventRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const uniq = <T>(xs: T[]) => [...new Set(xs)];
    const q = sql`SELECT DISTINCT event_id FROM events
      WHERE tenant_id IN ${inList(uniq(rows.map((r) => r.tenant_id)))} AND location_id IN ${inList(uniq(rows.map((r) => r.location_id)))}
        AND event_type IN ${inList(uniq(rows.map((r) => r.event_type)))} AND occurred_at IN ${inList(uniq(rows.map((r) => r.occurred_at)).map((t) => new Date(t * 1000)))}
        AND event_id IN ${inList(rows.map((r) => r.event_id))}`;
    const found = await this.store.query<{ event_id: string }>(q);
    return new Set(found.map((f) => f.event_id));
  }

  /**
   * Inserts rows in one batch (JSONEachRow, explicit columns, as INFRA.md §3.3 rule 5 requires),
   * after the batch's message links (so a status stored later always finds its send).
   */
  async insertEvents(rows: readonly EventRow[], links: readonly MessageLinkRow[] = []): Promise<void> {
    if (links.length > 0) {
      await this.store.insert('sms_message_links', ['tenant_id', 'message_id', 'kind', 'purpose', 'status', 'at'], links);
    }
    if (rows.length === 0) return;
    await this.store.insert('events', EVENT_ROW_COLUMNS, rows);
  }

  /** Stores a location's attributes (ReplacingMergeTree by revision: the newest revision wins). */
  async upsertLocation(config: LocationConfig, at: Date): Promise<LocationRow> {
    const tickets = config.services.map((sv) => sv.averageTicketCents);
    const row: LocationRow = {
      location_id: config.locationId,
      tenant_id: config.tenantId,
      region_id: config.regionId ?? '',
      location_name: config.locationName,
      business_name: config.businessName,
      time_zone: config.timeZone,
      currency: config.currency,
      average_ticket_cents: tickets.length > 0 ? Math.round(tickets.reduce((a, b) => a + b, 0) / tickets.length) : 0,
      revision: config.revision,
      updated_at: Math.floor(at.getTime() / 1000),
    };
    await this.store.insert('locations', ['location_id', 'tenant_id', 'region_id', 'location_name', 'business_name', 'time_zone', 'currency', 'average_ticket_cents', 'revision', 'updated_at'], [row]);
    return row;
  }

  /** Region and time zone of a location (latest revision), or undefined when its config is unknown. */
  async locationOf(tenantId: string, locationId: string): Promise<LocationInfo | undefined> {
    const q = sql`SELECT argMax(region_id, revision) AS latest_region, argMax(time_zone, revision) AS latest_tz
      FROM locations WHERE tenant_id = ${tenantId} AND location_id = ${locationId} GROUP BY location_id`;
    const rows = await this.store.query<{ latest_region: string; latest_tz: string }>(q);
    const r = rows[0];
    return r ? { regionId: r.latest_region, timeZone: r.latest_tz } : undefined;
  }

  /** The stored links of one message (its send, an orphan status), by primary key. */
  async messageLinks(tenantId: string, messageId: string): Promise<MessageLinkRow[]> {
    const q = sql`SELECT tenant_id, message_id, kind, purpose, status, toUnixTimestamp(at) AS at FROM sms_message_links WHERE tenant_id = ${tenantId} AND message_id = ${messageId}`;
    const rows = await this.store.query<MessageLinkRow & { at: number | string }>(q);
    return rows.map((r) => ({ ...r, at: Number(r.at) }));
  }

  /** Records the tracking source of a call (its id is the correlation id of what follows). */
  async recordCallAttribution(row: { correlation_id: string; tenant_id: string; location_id: string; tracking_source: string; call_at: number }): Promise<void> {
    await this.store.insert('call_attribution', ['correlation_id', 'tenant_id', 'location_id', 'tracking_source', 'call_at'], [row]);
  }

  /** Tracking source of the call that started `correlationId`, or undefined when not a known call. */
  async trackingSourceOf(correlationId: string): Promise<string | undefined> {
    const q = sql`SELECT any(tracking_source) AS src FROM call_attribution WHERE correlation_id = ${correlationId} GROUP BY correlation_id`;
    const rows = await this.store.query<{ src: string }>(q);
    return rows[0]?.src;
  }

  /** Whether the conversation `correlationId` already has a recorded first reply. */
  async hasReply(tenantId: string, correlationId: string): Promise<boolean> {
    const q = sql`SELECT count() AS n FROM conversation_replies WHERE tenant_id = ${tenantId} AND correlation_id = ${correlationId}`;
    const rows = await this.store.query<{ n: string }>(q);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Whether the story `correlationId` sent its caller a first text (first_text_stories, filled from events). */
  async hasFirstText(tenantId: string, correlationId: string): Promise<boolean> {
    const q = sql`SELECT count() AS n FROM first_text_stories WHERE tenant_id = ${tenantId} AND correlation_id = ${correlationId}`;
    const rows = await this.store.query<{ n: string }>(q);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Records the first reply of a conversation (idempotent: ReplacingMergeTree on tenant + correlation). */
  async recordReply(row: { tenant_id: string; correlation_id: string; first_reply_event_id: string; replied_at: number }): Promise<void> {
    await this.store.insert('conversation_replies', ['tenant_id', 'correlation_id', 'first_reply_event_id', 'replied_at'], [row]);
  }
}
