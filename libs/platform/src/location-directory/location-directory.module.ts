import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { type Logger } from 'pino';
import { ROOT_LOGGER } from '../platform.tokens';
import { LocationConfigConsumer } from './location-config.consumer';
import { LocationDirectory } from './location-directory';

const SEED_FILE = Symbol('LocationSeedFile');

/**
 * Adds the location read model to a service. The service must list `locationConfigV1` in its
 * `consumes` and run {@link createLocationDirectory} in a migration. With `seedFile` (a YAML or
 * JSON list of location configs) the directory is filled at boot too.
 */
@Module({})
export class LocationDirectoryModule implements OnModuleInit {
  constructor(
    private readonly directory: LocationDirectory,
    @Inject(SEED_FILE) private readonly seedFile: string | undefined,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  static forRoot(options: { seedFile?: string } = {}): DynamicModule {
    return {
      module: LocationDirectoryModule,
      controllers: [LocationConfigConsumer],
      providers: [LocationDirectory, { provide: SEED_FILE, useValue: options.seedFile }],
      exports: [LocationDirectory],
    };
  }

  async onModuleInit(): Promise<void> {
    if (!this.seedFile) return;
    const stored = await this.directory.seedFromFile(this.seedFile);
    this.log.info({ file: this.seedFile, stored }, 'location configs loaded from file');
  }
}
