import 'reflect-metadata';
import { captureRawWebhookBodies, runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadTelephonyIngestEnv } from './config/telephony-ingest.env';
import { VOICE_WEBHOOK_ROUTES } from './modules/calls/voice-webhook-intake.service';
import { telephonyIngestService } from './telephony-ingest.definition';

runServiceMain({
  definition: telephonyIngestService,
  loadEnv: () => loadTelephonyIngestEnv(),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => captureRawWebhookBodies(app, VOICE_WEBHOOK_ROUTES, env.CARRIER_WEBHOOK_BODY_LIMIT_BYTES),
});
