import { type DynamicModule, Module } from '@nestjs/common';
import { ServicePlatformModule } from '@textback/platform';
import { type TelephonyIngestEnv } from './config/telephony-ingest.env';
import { telephonyIngestService } from './telephony-ingest.definition';

/** Root module of telephony-ingest. */
@Module({})
export class AppModule {
  static forRoot(env: TelephonyIngestEnv): DynamicModule {
    return { module: AppModule, imports: [ServicePlatformModule.forService(telephonyIngestService, env)] };
  }
}
