import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadTelephonyIngestEnv } from './config/telephony-ingest.env';
import { telephonyIngestService } from './telephony-ingest.definition';

runServiceMain({ definition: telephonyIngestService, loadEnv: () => loadTelephonyIngestEnv(), appModule: (env) => AppModule.forRoot(env) });
