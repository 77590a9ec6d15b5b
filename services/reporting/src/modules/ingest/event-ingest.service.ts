import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope, type LocationConfig, TOPICS } from '@textback/contracts';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { EventStoreRepository } from './event-store.repository';
import { type EventRow, toEventRow } from './event-row.mapper';

interface Pending {
  row: EventRow;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Call events that carry the call's tracking source. */
const CALL_TYPES = new Set<string>([TOPICS.callReceived, TOPICS.callMissed, TOPICS.callAnswered, TOPICS.callVoicemail]);

/**
 * Writes every consumed event into ClickHouse, at least once and counted once:
 * - each `ingest()` resolves only after its row is in ClickHouse (the Kafka offset is committed
 *   after the handler resolves, so nothing is acknowledged before it is stored);
 * - rows from concurrent handlers (one per partition) are buffered up to `lingerMs` / `maxBatch`
 *   and inserted as one batch; flushes run one at a time;
 * - a redelivered event (same id, already stored, or twice in one batch) is dropped before the
 *   insert, so the hourly rollup (a materialized view fed by inserts) counts it once; the raw
 *   table is a ReplacingMergeTree on the same key, so FINAL/argMax reads are exact regardless.
 * Enrichment: region from the location config, tracking source from the call that started the
 * story (correlation id); '' when not known yet.
 */
@Injectable()
export class EventIngestService {
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly regions = new Map<string, string>();
  private readonly sources = new Map<string, string>();
  /** Conversation (tenant:correlation) → id of the event claimed as its first reply ('' = stored earlier). */
  private readonly replies = new Map<string, string>();
  lingerMs = 20;
  maxBatch = 500;

  constructor(
    private readonly store: EventStoreRepository,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Stores one event. For crm.location.config.v1 it also updates the location read model.
   * @throws the ClickHouse error when the batch insert fails (the consumer retries the message).
   */
  async ingest(event: EventEnvelope<unknown>): Promise<void> {
    const ownSource = (event.data as { trackingSource?: unknown } | null)?.trackingSource;
    const isNewCall = CALL_TYPES.has(event.type) && typeof ownSource === 'string' && ownSource !== '' && !this.sources.has(event.correlationId);
    // Claimed before the first await, so events of the same call handled concurrently inherit it.
    if (isNewCall) this.remember(this.sources, event.correlationId, ownSource);
    if (event.type === TOPICS.locationConfig) {
      const cfg = event.data as LocationConfig;
      const row = await this.store.upsertLocation(cfg, new Date(event.time));
      this.regions.set(cfg.locationId, row.region_id);
    }
    const regionId = await this.regionOf(event.tenantId, event.locationId);
    const trackingSource = await this.trackingSourceOf(event);
    const firstReply = event.type === TOPICS.smsReceived && (await this.claimFirstReply(event));
    const row = toEventRow(event, { regionId, trackingSource, firstReply });
    if (isNewCall) {
      try {
        await this.store.recordCallAttribution({ correlation_id: event.correlationId, tenant_id: event.tenantId, location_id: event.locationId, tracking_source: row.tracking_source, call_at: row.occurred_at });
      } catch (err) {
        this.sources.delete(event.correlationId); // the redelivery records it again
        throw err;
      }
    }
    await this.enqueue(row);
    if (firstReply) await this.store.recordReply({ tenant_id: event.tenantId, correlation_id: event.correlationId, first_reply_event_id: event.id, replied_at: row.occurred_at });
  }

  /**
   * True when `event` is the first inbound text of its conversation (correlation id). Claimed in
   * memory first (concurrent handlers), then checked against conversation_replies. A redelivery
   * of the first reply is claimed again, and then dropped as a duplicate at insert.
   */
  private async claimFirstReply(event: EventEnvelope<unknown>): Promise<boolean> {
    const key = `${event.tenantId}:${event.correlationId}`;
    const claimedBy = this.replies.get(key);
    if (claimedBy !== undefined) return claimedBy === event.id;
    if (await this.store.hasReply(event.tenantId, event.correlationId)) {
      this.remember(this.replies, key, '');
      return false;
    }
    const raced = this.replies.get(key);
    if (raced !== undefined) return raced === event.id;
    this.remember(this.replies, key, event.id);
    return true;
  }

  private enqueue(row: EventRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ row, resolve, reject });
      if (this.buffer.length >= this.maxBatch) this.scheduleFlush(0);
      else this.scheduleFlush(this.lingerMs);
    });
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.buffer;
      this.buffer = [];
      this.flushing = this.flushing.then(() => this.flush(batch));
    }, delayMs);
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const existing = await this.store.existingIds(batch.map((p) => p.row));
      const fresh = new Map<string, EventRow>();
      for (const p of batch) if (!existing.has(p.row.event_id) && !fresh.has(p.row.event_id)) fresh.set(p.row.event_id, p.row);
      await this.store.insertEvents([...fresh.values()]);
      this.log.debug({ batch: batch.length, inserted: fresh.size }, 'events stored in ClickHouse');
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  private async regionOf(tenantId: string, locationId: string): Promise<string> {
    const cached = this.regions.get(locationId);
    if (cached !== undefined) return cached;
    const found = await this.store.regionOf(tenantId, locationId);
    if (found !== undefined) this.remember(this.regions, locationId, found);
    return found ?? '';
  }

  private async trackingSourceOf(event: EventEnvelope<unknown>): Promise<string> {
    const own = (event.data as { trackingSource?: unknown } | null)?.trackingSource;
    if (typeof own === 'string' && own !== '') return own;
    const cached = this.sources.get(event.correlationId);
    if (cached !== undefined) return cached;
    if (CALL_TYPES.has(event.type)) return '';
    const found = await this.store.trackingSourceOf(event.correlationId);
    if (found !== undefined) this.remember(this.sources, event.correlationId, found);
    return found ?? '';
  }

  /** Bounded cache: drops the oldest entry past 50k. */
  private remember(map: Map<string, string>, key: string, value: string): void {
    map.set(key, value);
    if (map.size > 50_000) {
      const first = map.keys().next();
      if (!first.done) map.delete(first.value);
    }
  }
}
