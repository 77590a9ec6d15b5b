import { type BeforeApplicationShutdown, type DynamicModule, Inject, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DatabaseWakeups, type WakeupSubscription } from '@textback/persistence';
import { type Logger } from 'pino';
import { ROOT_LOGGER, SERVICE_DEFINITION } from '../platform.tokens';
import { type ServiceDefinition } from '../service-definition';
import { LocationConfigConsumer } from './location-config.consumer';
import { LocationDirectory } from './location-directory';
import { LOCATION_DIRECTORY_WAKEUP_QUEUE } from './location-directory.migration';

const DIRECTORY_OPTIONS = Symbol('LocationDirectoryOptions');

/** Options of {@link LocationDirectoryModule.forRoot}. */
export interface LocationDirectoryOptions {
  /** YAML or JSON list of location configs stored at boot. */
  seedFile?: string;
  /**
   * Hold the whole directory in memory (see {@link LocationDirectory.holdInMemory}), loaded at boot and brought up to
   * date from the table when its NOTIFY says a row was written (other replicas' upserts arrive this way, at their
   * commit; this process's own change the snapshot at once), and every `refreshMs` milliseconds in case a notification
   * was missed (or the table has no trigger yet: `addLocationDirectoryWakeup`).
   */
  memory?: { refreshMs: number };
}

/**
 * How long a reload waits after a notification, ms, so the upserts of a burst (a tenant's locations applied one
 * transaction each) are read in one reload.
 */
const RELOAD_LINGER_MS = 100;
/** Longest wait before retrying a failed reload, ms (the old refresh period: a database outage is logged this often). */
const FAILED_RELOAD_RETRY_MS = 5_000;

/**
 * Adds the location read model to a service. The service must list `locationConfigV1` in its
 * `consumes` and run {@link createLocationDirectory} in a migration. With `seedFile` (a YAML or
 * JSON list of location configs) the directory is filled at boot too; with `memory` it is held in memory, woken by the
 * service's {@link DatabaseWakeups} (the table needs `addLocationDirectoryWakeup` in a migration).
 * A failed load at boot or on refresh is logged and retried within 5 s (lookups use the last snapshot, or
 * PostgreSQL until the first one).
 */
@Module({})
export class LocationDirectoryModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription: WakeupSubscription | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly directory: LocationDirectory,
    @Inject(DIRECTORY_OPTIONS) private readonly options: LocationDirectoryOptions,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    private readonly wakeups: DatabaseWakeups,
  ) {}

  static forRoot(options: LocationDirectoryOptions = {}): DynamicModule {
    return {
      module: LocationDirectoryModule,
      controllers: [LocationConfigConsumer],
      providers: [LocationDirectory, { provide: DIRECTORY_OPTIONS, useValue: options }],
      exports: [LocationDirectory],
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.options.seedFile) {
      const stored = await this.directory.seedFromFile(this.options.seedFile);
      this.log.info({ file: this.options.seedFile, stored }, 'location configs loaded from file');
    }
    if (this.options.memory) {
      this.directory.holdInMemory();
      await this.reload();
    }
  }

  onApplicationBootstrap(): void {
    if (!this.options.memory) return;
    this.subscription = this.wakeups.subscribe(this.definition.schema, LOCATION_DIRECTORY_WAKEUP_QUEUE);
    this.refreshing = this.refresh(this.subscription, this.options.memory.refreshMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.close();
    await this.refreshing;
  }

  /** Reloads on every wake-up (folded over {@link RELOAD_LINGER_MS}) and every `refreshMs`, until the subscription closes. */
  private async refresh(subscription: WakeupSubscription, refreshMs: number): Promise<void> {
    let failed = false;
    for (;;) {
      const reason = await subscription.wait(failed ? Math.min(refreshMs, FAILED_RELOAD_RETRY_MS) : refreshMs, RELOAD_LINGER_MS);
      if (reason === 'closed') return;
      failed = !(await this.reload());
    }
  }

  /** @returns false when the reload failed (logged; the last snapshot stays). */
  private async reload(): Promise<boolean> {
    try {
      const held = await this.directory.reload();
      this.log.debug({ held }, 'location directory reloaded into memory');
      return true;
    } catch (err) {
      this.log.warn({ err }, 'location directory reload failed; answering from the last snapshot');
      return false;
    }
  }
}
