import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type RelationalStore } from '@textback/persistence';
import { PLATFORM_ENV, RELATIONAL_STORE, ROOT_LOGGER } from '@textback/platform';
import { Client, type Notification } from 'pg';
import { type Logger } from 'pino';
import { Subject, type Observable } from 'rxjs';
import { INBOX_CHANNEL, type InboxChange } from './conversation.repository';

/**
 * The live feed of inbox changes on this replica: one PostgreSQL connection LISTENs on {@link INBOX_CHANNEL},
 * which the projection NOTIFYs in the transaction of each change, so every replica's browsers hear about
 * changes whichever replica consumed the event. Reconnects after a lost connection (browsers refetch on
 * their own `open` event, so a gap costs nothing but a moment). In the embedded mode (no DATABASE_URL) the store's
 * in-process notifications serve instead: one process, no connection to lose.
 */
@Injectable()
export class InboxChangeFeed implements OnModuleInit, OnModuleDestroy {
  private readonly changes = new Subject<InboxChange>();
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: { DATABASE_URL?: string | undefined },
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(RELATIONAL_STORE) private readonly store: RelationalStore,
  ) {}

  /** Changes as they commit (hot: only those after subscribing). */
  get stream(): Observable<InboxChange> {
    return this.changes.asObservable();
  }

  async onModuleInit(): Promise<void> {
    if (this.store.notifications) {
      this.unlisten = await this.store.notifications.listen(INBOX_CHANNEL, (payload) => this.onNotification({ channel: INBOX_CHANNEL, payload, processId: 0 }));
      return;
    }
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.changes.complete();
    await this.unlisten?.();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.env.DATABASE_URL ?? '', application_name: 'console-inbox-feed' });
    client.on('notification', (n: Notification) => this.onNotification(n));
    client.on('error', (err) => {
      this.log.warn({ err }, 'inbox feed connection lost; reconnecting');
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
      this.client = client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (this.client === null && !this.retry) throw err;
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    const old = this.client;
    this.client = null;
    void old?.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch((err: unknown) => this.log.warn({ err }, 'inbox feed reconnect failed'));
    }, 1_000);
  }

  private onNotification(n: Notification): void {
    if (n.channel !== INBOX_CHANNEL || !n.payload) return;
    try {
      this.changes.next(JSON.parse(n.payload) as InboxChange);
    } catch (err) {
      this.log.warn({ err }, 'malformed inbox notification ignored');
    }
  }
}
