import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope, type LocationConfig, TOPICS } from '@textback/contracts';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { EventStoreRepository, type LocationInfo, type MessageLinkRow } from './event-store.repository';
import { type EventRow, toEventRow } from './event-row.mapper';

interface Pending {
  row: EventRow;
  links: MessageLinkRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** What this process knows of one text (tenant:messageId): its send purpose, a waiting status, who paired them. */
interface TextPairing {
  purpose?: string;
  status?: 'delivered' | 'failed';
  /** Id of the event whose row carries the pairing (counted once; its redelivery is flagged again). */
  pairedBy?: string;
}

type FirstTextStatus = '' | 'delivered' | 'failed';

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
 * Enrichment: region and local day (the location's time zone) from the location config, tracking
 * source from the call that started the story (correlation id); '' / UTC when not known yet.
 * First-text delivery: statuses carry only the message id, so a status is paired with its send
 * (sms_message_links, by message id, either arrival order): the row completing the pairing of a
 * `first_text` send gets `first_text_status` (counted once per text in measures_daily).
 */
@Injectable()
export class EventIngestService {
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly locations = new Map<string, LocationInfo>();
  private readonly texts = new Map<string, TextPairing>();
  /** Lookup key → epoch ms until which a miss is trusted. */
  private readonly misses = new Map<string, number>();
  missTtlMs = 30_000;
  private readonly sources = new Map<string, string>();
  /** Conversation (tenant:correlation) → id of the event claimed as its first reply ('' = stored earlier). */
  private readonly replies = new Map<string, string>();
  /** Stories seen here with a first text sent (`tenant:correlation`), before their row is in ClickHouse. */
  private readonly textedStories = new Map<string, true>();
  lingerMs = 5;
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
    if (event.type === TOPICS.firstTextDecided && (event.data as { outcome?: unknown } | null)?.outcome === 'sent') this.remember(this.textedStories, `${event.tenantId}:${event.correlationId}`, true);
    if (event.type === TOPICS.locationConfig) {
      const cfg = event.data as LocationConfig;
      const row = await this.store.upsertLocation(cfg, new Date(event.time));
      this.locations.set(cfg.locationId, { regionId: row.region_id, timeZone: row.time_zone });
    }
    const links: MessageLinkRow[] = [];
    const firstTextStatus = await this.pairFirstText(event, links);
    const location = await this.locationOf(event.tenantId, event.locationId);
    const trackingSource = await this.trackingSourceOf(event);
    const firstReply = event.type === TOPICS.smsReceived && (await this.claimFirstReply(event));
    const row = toEventRow(event, { regionId: location?.regionId ?? '', timeZone: location?.timeZone ?? '', trackingSource, firstReply, firstTextStatus });
    if (isNewCall) {
      try {
        await this.store.recordCallAttribution({ correlation_id: event.correlationId, tenant_id: event.tenantId, location_id: event.locationId, tracking_source: row.tracking_source, call_at: row.occurred_at });
      } catch (err) {
        this.sources.delete(event.correlationId); // the redelivery records it again
        throw err;
      }
    }
    await this.enqueue(row, links);
    if (firstReply) await this.store.recordReply({ tenant_id: event.tenantId, correlation_id: event.correlationId, first_reply_event_id: event.id, replied_at: row.occurred_at });
  }

  /**
   * True when `event` is the first inbound text of its conversation (correlation id: the missed
   * call's story) and that story sent its caller a first text; texts outside such a story (an
   * on-call "ACK", a caller who never missed a call) are not replies to a first text. Claimed in
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
    // Not remembered: the first text's decision may still be on its way (another topic).
    if (!this.textedStories.has(key) && !(await this.store.hasFirstText(event.tenantId, event.correlationId))) return false;
    const raced = this.replies.get(key);
    if (raced !== undefined) return raced === event.id;
    this.remember(this.replies, key, event.id);
    return true;
  }

  /**
   * Pairs a text's send with its delivery status (either order; the status carries only the
   * message id). Returns the `first_text_status` of this event's row: the status on the row that
   * completes the pairing of a `first_text` send, '' otherwise. Pushes the `sms_message_links`
   * rows to store with the event: every send, and a status whose send is not known yet (an orphan
   * its send pairs with later, also after a restart). Claims are taken synchronously before and
   * re-checked after each await, so concurrent handlers pair a text once; the claiming event's
   * redelivery gets the same flag (and is then dropped as a duplicate at insert).
   */
  private async pairFirstText(event: EventEnvelope<unknown>, links: MessageLinkRow[]): Promise<FirstTextStatus> {
    const isSend = event.type === TOPICS.smsSent;
    const statusOf = event.type === TOPICS.smsDelivered ? 'delivered' : event.type === TOPICS.smsFailed ? 'failed' : undefined;
    if (!isSend && statusOf === undefined) return '';
    const data = (event.data ?? {}) as { messageId?: unknown; purpose?: unknown };
    if (typeof data.messageId !== 'string' || data.messageId === '') return '';
    const at = Math.floor(new Date(event.time).getTime() / 1000);
    const base = { tenant_id: event.tenantId, message_id: data.messageId, at };
    const key = `${event.tenantId}:${data.messageId}`;
    const st = this.texts.get(key) ?? {};
    this.rememberText(key, st);
    const claim = (): boolean => {
      st.pairedBy ??= event.id;
      return st.pairedBy === event.id;
    };
    if (isSend) {
      const purpose = typeof data.purpose === 'string' ? data.purpose : '';
      st.purpose = purpose;
      links.push({ ...base, kind: 'send', purpose, status: '' });
      if (purpose !== 'first_text') return '';
      if (st.status !== undefined) return claim() ? st.status : '';
      const orphan = (await this.store.messageLinks(event.tenantId, data.messageId)).find((l) => l.kind === 'status');
      const status = st.status ?? (orphan?.status === 'delivered' || orphan?.status === 'failed' ? orphan.status : undefined);
      return status !== undefined && claim() ? status : '';
    }
    const status = statusOf as 'delivered' | 'failed';
    if (st.purpose === undefined) {
      st.status ??= status;
      const send = (await this.store.messageLinks(event.tenantId, data.messageId)).find((l) => l.kind === 'send');
      if (send) st.purpose ??= send.purpose;
      else if (st.purpose === undefined) {
        links.push({ ...base, kind: 'status', purpose: '', status });
        return '';
      }
    }
    return st.purpose === 'first_text' && claim() ? status : '';
  }

  private enqueue(row: EventRow, links: MessageLinkRow[] = []): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ row, links, resolve, reject });
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
      await this.store.insertEvents([...fresh.values()], batch.flatMap((p) => p.links));
      this.log.debug({ batch: batch.length, inserted: fresh.size }, 'events stored in ClickHouse');
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  private async locationOf(tenantId: string, locationId: string): Promise<LocationInfo | undefined> {
    const cached = this.locations.get(locationId);
    if (cached !== undefined) return cached;
    if (this.isKnownMiss(`location:${locationId}`)) return undefined;
    const found = await this.store.locationOf(tenantId, locationId);
    if (found !== undefined) this.remember(this.locations, locationId, found);
    else this.rememberMiss(`location:${locationId}`);
    return found;
  }

  /**
   * Lookups that found nothing are not repeated for {@link missTtlMs} (events of locations or
   * calls this store does not know yet would otherwise cost one ClickHouse query each). A config
   * or call consumed by this process fills the positive cache at once; one consumed by another
   * replica is seen after the TTL (enrichment is best effort across topics).
   */
  private isKnownMiss(key: string): boolean {
    const until = this.misses.get(key);
    return until !== undefined && until > Date.now();
  }

  private rememberMiss(key: string): void {
    this.remember(this.misses, key, Date.now() + this.missTtlMs);
  }

  private rememberText(key: string, st: TextPairing): void {
    this.remember(this.texts, key, st);
  }

  private async trackingSourceOf(event: EventEnvelope<unknown>): Promise<string> {
    const own = (event.data as { trackingSource?: unknown } | null)?.trackingSource;
    if (typeof own === 'string' && own !== '') return own;
    const cached = this.sources.get(event.correlationId);
    if (cached !== undefined) return cached;
    if (CALL_TYPES.has(event.type)) return '';
    if (this.isKnownMiss(`source:${event.correlationId}`)) return '';
    const found = await this.store.trackingSourceOf(event.correlationId);
    if (found !== undefined) this.remember(this.sources, event.correlationId, found);
    else this.rememberMiss(`source:${event.correlationId}`);
    return found ?? '';
  }

  /** Bounded cache: drops the oldest entry past 50k. */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.set(key, value);
    if (map.size > 50_000) {
      const first = map.keys().next();
      if (!first.done) map.delete(first.value);
    }
  }
}
