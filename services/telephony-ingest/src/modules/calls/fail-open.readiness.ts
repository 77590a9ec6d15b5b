import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { READINESS_PROBES, type ReadinessProbe } from '@textback/observability';
import { CallbackSpool, LocationDirectory } from '@textback/platform';

/**
 * Readiness of telephony-ingest (`/health/ready`): it can answer calls, i.e. the location directory is held in memory
 * and the callback spool's directory is writable. Neither PostgreSQL nor Kafka is checked (the service definition
 * lists no platform probes): with them down it still forwards every call (docs/operations.md).
 */
@Injectable()
export class FailOpenReadiness implements OnModuleInit {
  constructor(
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
    private readonly directory: LocationDirectory,
    private readonly spool: CallbackSpool,
  ) {}

  onModuleInit(): void {
    this.probes.push(
      {
        name: 'location-directory',
        check: async () => {
          if (this.directory.snapshotAt === null) throw new Error('location directory not loaded into memory yet');
        },
      },
      { name: 'callback-spool', check: () => access(this.spool.dir, constants.W_OK) },
    );
  }
}
