import { EventEmitter } from 'node:events';
import { type PGlite } from '@electric-sql/pglite';
import { Mutex, type MutexInterface, withTimeout } from 'async-mutex';
import pg from 'pg';
import { type WakeupNotificationSource } from '../../database-wakeups';
import { currentTransactionScope } from '../../transaction-scope';
import { CountedPgClient } from '../postgres/counted-pg';
import { pgliteModules } from './pglite-modules';


/** The store's only session is in use by another caller for longer than the caller would wait. */
export class PgliteSessionBusyException extends Error {
  constructor(waitedMs: number) {
    super(
      `the embedded database's session stayed busy for ${waitedMs} ms (another transaction held it; a transaction ` +
        'that waits for a second connection of its own never gets one on PGlite)',
    );
  }
}

/** Default {@link PgliteSessionWatch.longHoldMs}: a checkout held this long (ms) is reported. */
export const DEFAULT_LONG_HOLD_MS = 1_000;

/** What the session reports about its holders. */
export interface PgliteSessionWatch {
  /**
   * Called with the hold time (ms) when a checkout was held at least `longHoldMs`: every other caller of the process
   * waited that long, usually for a transaction that spans an outside call or does too much at once.
   */
  onLongHold?: (heldMs: number) => void;
  /** Threshold of `onLongHold`, ms; default {@link DEFAULT_LONG_HOLD_MS}. */
  longHoldMs?: number;
}

/** A checkout of the session: its client, and `release` that frees it for the next caller. */
export interface PgliteCheckout {
  readonly client: pg.Client;
  /**
   * Frees the session; first rolls back a transaction the holder left open or failed (logged by the caller if it
   * cares), so no caller ever runs its statements inside another's transaction. Idempotent.
   */
  release(): void;
}

/**
 * The one database session of a PGlite instance, shared by every data source of the process and handed out whole:
 * {@link checkout} waits (FIFO) until the previous holder released it, so one caller's BEGIN..COMMIT never interleaves
 * with another's statements and nothing can deadlock on a row lock (only one transaction exists at a time). Holders must
 * therefore keep transactions short, never wait for a second checkout inside one, and never hold one across a call to
 * the outside world.
 *
 * Notifications: the session LISTENs (through the queue, never inside a caller's transaction) on the channels asked
 * for by {@link listen}; PostgreSQL delivers NOTIFYs at commit, including the session's own, which is what
 * {@link DatabaseWakeups} needs. PGlite's own `listen()` is not used: it would run `LISTEN` outside the queue, possibly
 * inside a caller's open transaction.
 */
export class PgliteSession implements WakeupNotificationSource {
  private readonly gate = new Mutex();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  /** The LISTEN of each channel, issued once. */
  private readonly listening = new Map<string, Promise<unknown>>();
  /** Transaction status of the last ReadyForQuery: `I` idle, `T` in a transaction, `E` in a failed transaction. */
  private status = 'I';
  private closed = false;

  private constructor(
    private readonly client: CountedPgClient,
    private readonly watch: PgliteSessionWatch,
  ) {}

  /**
   * Connects one `pg` client (statements counted, {@link CountedPgClient}) to `db`.
   * @throws whatever PGlite throws while starting.
   */
  static async open(db: PGlite, watch: PgliteSessionWatch = {}): Promise<PgliteSession> {
    const client = new CountedPgClient(pgliteModules().createPgConfig(db));
    const session = new PgliteSession(client, watch);
    (client as unknown as { connection: EventEmitter }).connection.on('readyForQuery', (msg?: { status?: string }) => {
      if (msg?.status) session.status = msg.status;
    });
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      for (const listener of session.listeners.get(msg.channel) ?? []) listener(msg.payload);
    });
    await client.connect();
    return session;
  }

  /**
   * Waits for the session, at most `waitMs`. A checkout from the async context of a runner transaction that holds the
   * session ({@link runInTransactionScope}: e.g. a location lookup through the data source while the transaction is
   * open) gets the session at once, inside that transaction, with a release that does nothing: on PostgreSQL it would
   * take a second connection; here it would wait for itself.
   * @throws PgliteSessionBusyException after `waitMs`; Error when the session is closed.
   */
  async checkout(waitMs: number): Promise<PgliteCheckout> {
    if (this.closed) throw new Error('the embedded database is closed');
    const scope = currentTransactionScope();
    if (scope?.holding) return { client: this.client, release: () => undefined };
    const gate: MutexInterface = withTimeout(this.gate, waitMs, new PgliteSessionBusyException(waitMs));
    const unlock = await gate.acquire();
    if (this.closed) {
      unlock();
      throw new Error('the embedded database is closed');
    }
    let released = false;
    const acquiredAt = performance.now();
    if (scope) scope.holding = true;
    return {
      client: this.client,
      release: () => {
        if (released) return;
        released = true;
        if (scope) scope.holding = false;
        const heldMs = performance.now() - acquiredAt;
        if (this.watch.onLongHold && heldMs >= (this.watch.longHoldMs ?? DEFAULT_LONG_HOLD_MS)) this.watch.onLongHold(Math.round(heldMs));
        if (this.status === 'I') return unlock();
        this.client.query('ROLLBACK').then(
          () => unlock(),
          () => unlock(),
        );
      },
    };
  }

  /** Runs `work` with the session held (for adapter code that is not TypeORM). */
  async withSession<T>(waitMs: number, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const checkout = await this.checkout(waitMs);
    try {
      return await work(checkout.client);
    } finally {
      checkout.release();
    }
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    let listening = this.listening.get(channel);
    if (!listening) {
      listening = this.withSession(30_000, (c) => c.query(`LISTEN ${channel}`));
      this.listening.set(channel, listening);
      listening.catch(() => this.listening.delete(channel));
    }
    // Every caller returns only once the session listens, however many asked at once.
    await listening;
    set.add(onPayload);
    return async () => {
      set.delete(onPayload);
    };
  }

  /** A `pg` module for TypeORM's `driver` option whose Pool hands out this session ({@link PgliteSessionPool}). */
  pgModule(waitMs: number): typeof pg {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const session = this;
    class BoundPool extends PgliteSessionPool {
      constructor() {
        super(session, waitMs);
      }
    }
    return { ...pg, Pool: BoundPool } as unknown as typeof pg;
  }

  /** Waits for the holder, then disconnects; later checkouts fail. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    const unlock = await this.gate.acquire();
    this.closed = true;
    this.listeners.clear();
    this.listening.clear();
    unlock();
    await this.client.end().catch(() => undefined);
  }
}

type ConnectCallback = (err: Error | undefined, client?: pg.Client, release?: (err?: unknown) => void) => void;

/**
 * The part of `pg.Pool` TypeORM's postgres driver uses (`connect` with a callback, `on('error')`, `end`), over one
 * {@link PgliteSession}: a checkout is the whole session until released. `end` closes nothing shared: the store
 * closes the session.
 */
export class PgliteSessionPool extends EventEmitter {
  private ended = false;

  constructor(
    private readonly session: PgliteSession,
    private readonly waitMs: number,
  ) {
    super();
  }

  connect(callback: ConnectCallback): void;
  connect(): Promise<pg.Client>;
  connect(callback?: ConnectCallback): Promise<pg.Client> | void {
    const checkout = this.ended ? Promise.reject(new Error('the data source was destroyed')) : this.session.checkout(this.waitMs);
    if (!callback) return checkout.then((c) => Object.assign(c.client, { release: c.release }));
    checkout.then(
      (c) => callback(undefined, c.client, () => c.release()),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  }

  end(callback?: (err?: Error) => void): Promise<void> | void {
    this.ended = true;
    if (callback) return callback();
    return Promise.resolve();
  }
}
