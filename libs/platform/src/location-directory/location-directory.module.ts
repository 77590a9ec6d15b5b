import { type BeforeApplicationShutdown, type DynamicModule, Inject, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { type Logger } from 'pino';
import { ROOT_LOGGER } from '../platform.tokens';
import { LocationConfigConsumer } from './location-config.consumer';
import { LocationDirectory } from './location-directory';

const DIRECTORY_OPTIONS = Symbol('LocationDirectoryOptions');

/** Options of {@link LocationDirectoryModule.forRoot}. */
export interface LocationDirectoryOptions {
  /** YAML or JSON list of location configs stored at boot. */
  seedFile?: string;
  /**
   * Hold the whole directory in memory (see {@link LocationDirectory.holdInMemory}), loaded at boot and reloaded from
   * the table every `refreshMs` milliseconds (other replicas' upserts arrive this way; this process's own at once).
   */
  memory?: { refreshMs: number };
}

/**
 * Adds the location read model to a service. The service must list `locationConfigV1` in its
 * `consumes` and run {@link createLocationDirectory} in a migration. With `seedFile` (a YAML or
 * JSON list of location configs) the directory is filled at boot too; with `memory` it is held in memory.
 * A failed load at boot or on refresh is logged and retried on the next refresh (lookups use the last snapshot, or
 * PostgreSQL until the first one).
 */
@Module({})
export class LocationDirectoryModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly directory: LocationDirectory,
    @Inject(DIRECTORY_OPTIONS) private readonly options: LocationDirectoryOptions,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
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
    this.timer = setInterval(() => void this.reload(), this.options.memory.refreshMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async reload(): Promise<void> {
    try {
      const held = await this.directory.reload();
      this.log.debug({ held }, 'location directory reloaded into memory');
    } catch (err) {
      this.log.warn({ err }, 'location directory reload failed; answering from the last snapshot');
    }
  }
}
