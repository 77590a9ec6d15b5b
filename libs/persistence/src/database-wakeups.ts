import { type Logger } from 'pino';
import { CountedPgClient } from './adapters/postgres/counted-pg';
import { quoteSchema } from './schema-name';

/** The PostgreSQL channel every wake-up trigger NOTIFYs on; the payload is `<schema>.<queue>`. */
export const WAKEUP_CHANNEL = 'textback_wakeup';

/** Default longest sleep of a worker between rounds when no wake-up comes (the safety poll), milliseconds. */
export const DEFAULT_SAFETY_POLL_MS = 30_000;

/**
 * Longest sleep of a worker after a failed round (database unreachable, a bug), milliseconds: it retries soon, not at
 * the safety poll, so recovery after an outage does not wait 30 s.
 */
export const FAILED_ROUND_RETRY_MS = 1_000;

/** How a {@link WakeupSubscription.wait} ended. */
export type WakeupReason = 'notified' | 'timeout' | 'closed';

/**
 * Where wake-up notifications come from when not from a LISTEN connection of {@link DatabaseWakeups}' own: the
 * embedded store's one session. `onPayload` gets the payload of every notification on `channel` committed after
 * `listen` resolved.
 */
export interface WakeupNotificationSource {
  /**
   * Starts listening on `channel`.
   * @returns a function that stops listening (idempotent).
   * @throws when the store is closed.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** Settings of {@link DatabaseWakeups}: `databaseUrl` (PostgreSQL) or `notifications` (embedded store). */
export interface DatabaseWakeupsOptions {
  /** postgres:// URL of the database whose triggers NOTIFY (the service's own); ignored with `notifications`. */
  databaseUrl?: string;
  /** In-process notification source (the embedded store); no connection of its own, nothing to reconnect. */
  notifications?: WakeupNotificationSource;
  /** `application_name` of the LISTEN connection. */
  applicationName: string;
  /** First delay before reconnecting a lost LISTEN connection, ms (doubles up to 30 s); default 1 000. */
  reconnectBaseMs?: number;
}

/** Weight of the newest gap in {@link WakeupSubscription.meanWakeGapMs} (about the last 4 gaps count). */
const WAKE_GAP_WEIGHT = 0.25;

/**
 * One worker's view of one queue: wakes when a row is written to the queue (a trigger's NOTIFY, from any replica),
 * when the process itself signals new work ({@link DatabaseWakeups.signal}), or when its own time is up.
 * A wake-up that arrives while the worker is busy is kept (one flag), so the next {@link wait} returns at once:
 * no signal is lost between a round's last query and the wait.
 */
export class WakeupSubscription {
  private pending = false;
  private waiter: ((reason: WakeupReason) => void) | null = null;
  private closed = false;
  private lastWakeAt = 0;
  private meanGapMs = Number.POSITIVE_INFINITY;

  constructor(
    /** `<schema>.<queue>`, the NOTIFY payload it answers. */
    readonly key: string,
    private readonly onClose: (s: WakeupSubscription) => void,
  ) {}

  /** Marks work as pending and wakes the waiting worker, if any. */
  wake(): void {
    const now = performance.now();
    if (this.lastWakeAt > 0) {
      const gap = now - this.lastWakeAt;
      this.meanGapMs = Number.isFinite(this.meanGapMs) ? this.meanGapMs + (gap - this.meanGapMs) * WAKE_GAP_WEIGHT : gap;
    }
    this.lastWakeAt = now;
    this.pending = true;
    this.waiter?.('notified');
  }

  /**
   * Mean time between wake-ups lately, ms (exponentially weighted, each new gap weighing {@link WAKE_GAP_WEIGHT}; a
   * pause counts as one long gap); `Infinity` before the second wake-up. For a worker that lingers as long as the next
   * writer's transaction is likely to take to come.
   */
  get meanWakeGapMs(): number {
    if (this.lastWakeAt === 0) return Number.POSITIVE_INFINITY;
    // A quiet spell since the last wake-up counts as a gap at least that long, so a burst long past does not linger on.
    const sinceLast = performance.now() - this.lastWakeAt;
    return sinceLast > this.meanGapMs ? this.meanGapMs + (sinceLast - this.meanGapMs) * WAKE_GAP_WEIGHT : this.meanGapMs;
  }

  /**
   * Waits for a wake-up, at most `maxMs` (the safety poll, or less when the worker knows when its next row is due).
   * Returns at once when a wake-up came since the last wait. With `lingerMs`, a wake-up is followed by that much
   * more waiting, so the writes of a burst (several transactions a few ms apart) are taken in one round instead
   * of one round each (as Kafka producers linger); wake-ups during the linger are folded into it. A function is asked
   * for the linger when the wake-up came (e.g. from {@link meanWakeGapMs}).
   * @returns `notified`, `timeout`, or `closed` (after {@link close}; a worker's cue to stop).
   */
  async wait(maxMs: number, lingerMs: number | (() => number) = 0): Promise<WakeupReason> {
    const reason = await this.next(maxMs);
    const linger = typeof lingerMs === 'function' ? lingerMs() : lingerMs;
    if (reason !== 'notified' || linger <= 0) return reason;
    await new Promise<void>((resolve) => setTimeout(resolve, linger));
    // Rows of wake-ups delivered during the linger were committed before it ended: the coming round sees them.
    this.pending = false;
    return this.closed ? 'closed' : 'notified';
  }

  private next(maxMs: number): Promise<WakeupReason> {
    if (this.closed) return Promise.resolve('closed');
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('notified');
    }
    return new Promise<WakeupReason>((resolve) => {
      const done = (reason: WakeupReason): void => {
        clearTimeout(timer);
        this.waiter = null;
        this.pending = false;
        resolve(reason);
      };
      const timer = setTimeout(() => done('timeout'), Math.max(0, maxMs));
      this.waiter = done;
    });
  }

  /** Ends the subscription; a pending or later {@link wait} returns `closed`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiter?.('closed');
    this.onClose(this);
  }
}

/**
 * The service's PostgreSQL wake-ups, the one idiom for workers that drain a table (outbox-like queues, durable
 * timers, send queues, delivery queues): a statement-level trigger on the table NOTIFYs `textback_wakeup` with
 * `<schema>.<queue>` when rows are written ({@link wakeupTriggerUp}, created by the service's migration), one LISTEN
 * connection per process hands the notification to the queue's subscribers, and each worker sleeps until woken, until
 * its next row is due, or for the safety poll (default 30 s, configurable per worker), whichever comes first. So a
 * service at rest sends no statement for seconds at a time, and work written by any replica starts at once.
 *
 * NOTIFY is delivered at commit and only to connected listeners: a lost LISTEN connection is reconnected with
 * backoff, and every subscriber is woken after a reconnect (rows written meanwhile are found then); the safety
 * poll covers anything else (a trigger missing on an old schema, a row made due by an UPDATE the trigger does not
 * see). Errors of the LISTEN connection are logged, never thrown to workers.
 */
export class DatabaseWakeups {
  private readonly subscriptions = new Map<string, Set<WakeupSubscription>>();
  private client: CountedPgClient | null = null;
  private running = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private connecting: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  /** @throws Error when `options` has neither `databaseUrl` nor `notifications`. */
  constructor(
    private readonly options: DatabaseWakeupsOptions,
    private readonly log: Logger,
  ) {
    if (!options.databaseUrl && !options.notifications) throw new Error('DatabaseWakeups needs databaseUrl or notifications');
  }

  /** True while the LISTEN connection is up. */
  get isListening(): boolean {
    return this.client !== null || this.unlisten !== null;
  }

  /** Connects and LISTENs. Never throws: when the database is unreachable, it retries in the background. Idempotent. */
  async start(): Promise<void> {
    if (this.running) return this.connecting ?? undefined;
    this.running = true;
    this.connecting = this.connect();
    await this.connecting;
  }

  /** Closes the LISTEN connection and every subscription (their waits return `closed`). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const set of [...this.subscriptions.values()]) for (const s of [...set]) s.close();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    const unlisten = this.unlisten;
    this.unlisten = null;
    await unlisten?.().catch(() => undefined);
  }

  /**
   * A subscription to `queue` of `schema`. Several workers may subscribe to one queue: a notification wakes all.
   * @throws Error when `schema` is not a plain identifier.
   */
  subscribe(schema: string, queue: string): WakeupSubscription {
    quoteSchema(schema);
    const key = wakeupKey(schema, queue);
    const sub = new WakeupSubscription(key, (s) => this.subscriptions.get(key)?.delete(s));
    let set = this.subscriptions.get(key);
    if (!set) this.subscriptions.set(key, (set = new Set()));
    set.add(sub);
    return sub;
  }

  /** Wakes this process's subscribers of `queue` (work this process just wrote; no round trip). */
  signal(schema: string, queue: string): void {
    for (const s of this.subscriptions.get(wakeupKey(schema, queue)) ?? []) s.wake();
  }

  private wakeAll(): void {
    for (const set of this.subscriptions.values()) for (const s of set) s.wake();
  }

  private async connect(): Promise<void> {
    if (this.options.notifications) return this.listenInProcess(this.options.notifications);
    const client = new CountedPgClient({ connectionString: this.options.databaseUrl ?? '', application_name: this.options.applicationName });
    client.on('notification', (msg) => {
      if (msg.channel !== WAKEUP_CHANNEL || !msg.payload) return;
      for (const s of this.subscriptions.get(msg.payload) ?? []) s.wake();
    });
    const lost = (err?: Error): void => {
      if (this.client !== client) return;
      this.client = null;
      this.log.warn({ err }, 'wake-up LISTEN connection lost; workers fall back to their safety poll until it is back');
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${WAKEUP_CHANNEL}`);
      if (!this.running) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      if (this.failures > 0) this.log.info({ failures: this.failures }, 'wake-up LISTEN connection back');
      this.failures = 0;
      // Rows written while nobody listened would otherwise wait for the safety poll.
      this.wakeAll();
    } catch (err) {
      this.log.warn({ err }, 'wake-up LISTEN unavailable; retrying (workers use their safety poll meanwhile)');
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private async listenInProcess(source: WakeupNotificationSource): Promise<void> {
    try {
      const unlisten = await source.listen(WAKEUP_CHANNEL, (payload) => {
        for (const s of this.subscriptions.get(payload) ?? []) s.wake();
      });
      if (!this.running) return void (await unlisten());
      this.unlisten = unlisten;
      this.wakeAll();
    } catch (err) {
      this.log.warn({ err }, 'wake-up notifications unavailable (store closed?); workers use their safety poll');
    }
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    this.failures++;
    const delay = Math.min(30_000, (this.options.reconnectBaseMs ?? 1_000) * 2 ** Math.min(this.failures - 1, 5));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connecting = this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}

/** `<schema>.<queue>`: the NOTIFY payload and subscription key of a queue. */
export function wakeupKey(schema: string, queue: string): string {
  return `${schema}.${queue}`;
}

/** Name of the trigger function of `queue` (`wakeup_<queue>`), in the service's schema. */
function wakeupFunctionName(queue: string): string {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(queue)) throw new Error(`wake-up queue name must be snake_case: ${queue}`);
  return `wakeup_${queue}`;
}

/** Options of {@link wakeupTriggerUp}. */
export interface WakeupTriggerOptions {
  /**
   * NOTIFY only when the statement inserted at least one row (a transition table; INSERT only). For a queue fed by
   * `INSERT … SELECT … ON CONFLICT DO NOTHING` that usually inserts nothing (lead-crm's webhook deliveries of a tenant
   * with no subscription): a statement-level trigger fires for zero rows too, and each such NOTIFY costs the woken
   * worker an empty round.
   */
  onlyWhenRows?: boolean;
}

/**
 * Migration SQL that makes writes to `table` wake the workers of `queue`: a statement-level AFTER trigger (one
 * NOTIFY per statement, however many rows; PostgreSQL also folds identical notifications of one transaction into
 * one) on `events` (default INSERT). Undo with {@link wakeupTriggerDown}.
 * @throws Error when a name is not a plain snake_case identifier, or `onlyWhenRows` is asked with events other than INSERT.
 */
export function wakeupTriggerUp(schema: string, table: string, queue: string, events: readonly ('INSERT' | 'UPDATE')[] = ['INSERT'], options: WakeupTriggerOptions = {}): string[] {
  const s = quoteSchema(schema);
  const fn = wakeupFunctionName(queue);
  if (!/^[a-z][a-z0-9_]*$/.test(table)) throw new Error(`table name must be snake_case: ${table}`);
  const payload = wakeupKey(schema, queue).replace(/'/g, "''");
  const notify = `PERFORM pg_notify('${WAKEUP_CHANNEL}', '${payload}');`;
  if (options.onlyWhenRows) {
    if (events.length !== 1 || events[0] !== 'INSERT') throw new Error('onlyWhenRows needs events [INSERT] (a transition table of one event)');
    return [
      `CREATE OR REPLACE FUNCTION ${s}.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM inserted_rows) THEN ${notify} END IF; RETURN NULL; END $$`,
      `CREATE TRIGGER tg_${table}_${fn} AFTER INSERT ON ${s}.${table} REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION ${s}.${fn}()`,
    ];
  }
  return [
    `CREATE OR REPLACE FUNCTION ${s}.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${notify} RETURN NULL; END $$`,
    `CREATE TRIGGER tg_${table}_${fn} AFTER ${events.join(' OR ')} ON ${s}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${s}.${fn}()`,
  ];
}

/** Migration SQL that removes what {@link wakeupTriggerUp} created. */
export function wakeupTriggerDown(schema: string, table: string, queue: string): string[] {
  const s = quoteSchema(schema);
  const fn = wakeupFunctionName(queue);
  return [`DROP TRIGGER IF EXISTS tg_${table}_${fn} ON ${s}.${table}`, `DROP FUNCTION IF EXISTS ${s}.${fn}()`];
}

/**
 * How long an idle worker may sleep, ms: until its next row is due (`nextDueAt`, by the worker's clock `now`), at
 * most `safetyPollMs`, at least `minMs` (default 100). The floor matters when the next row is already due but the
 * round did not get it (another worker holds it with FOR UPDATE SKIP LOCKED): the worker must not spin meanwhile.
 * `nextDueAt` null = nothing scheduled: the safety poll.
 */
export function sleepUntilDue(nextDueAt: Date | null | undefined, now: Date, safetyPollMs: number, minMs = 100): number {
  if (!nextDueAt) return safetyPollMs;
  return Math.min(safetyPollMs, Math.max(minMs, nextDueAt.getTime() - now.getTime()));
}
