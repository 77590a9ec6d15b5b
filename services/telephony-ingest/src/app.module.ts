import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LocationDirectoryModule, type ServiceDefinition, ServicePlatformModule } from '@textback/platform';
import { TELEPHONY_INGEST_CONFIG, telephonyIngestConfigFrom } from './config/telephony-ingest.config';
import { type TelephonyIngestEnv } from './config/telephony-ingest.env';
import { CallsModule } from './modules/calls/calls.module';
import { telephonyIngestService } from './telephony-ingest.definition';

/** Provides the service's typed config to its feature modules. */
@Global()
@Module({})
class TelephonyIngestConfigModule {
  static forRoot(env: TelephonyIngestEnv): DynamicModule {
    return { module: TelephonyIngestConfigModule, providers: [{ provide: TELEPHONY_INGEST_CONFIG, useValue: telephonyIngestConfigFrom(env) }], exports: [TELEPHONY_INGEST_CONFIG] };
  }
}

/**
 * Root module of telephony-ingest. `definition` defaults to the real service (schema
 * `telephony`); tests pass a copy with their own schema.
 */
@Module({})
export class AppModule {
  static forRoot(env: TelephonyIngestEnv, definition: ServiceDefinition = telephonyIngestService): DynamicModule {
    // Held in memory: answering a call needs only the location's configuration, whatever PostgreSQL does.
    const locationDirectory = LocationDirectoryModule.forRoot({ ...(env.LOCATION_CONFIG_FILE ? { seedFile: env.LOCATION_CONFIG_FILE } : {}), memory: { refreshMs: env.LOCATION_DIRECTORY_REFRESH_MS } });
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(definition, env), TelephonyIngestConfigModule.forRoot(env), locationDirectory, CallsModule.register(locationDirectory)],
    };
  }
}
