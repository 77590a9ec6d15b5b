import { captureRawWebhookBodies, type ServiceMainSpec } from '@textback/platform';
import { AppModule } from './app.module';
import { loadTelephonyIngestEnv, type TelephonyIngestEnv } from './config/telephony-ingest.env';
import { VOICE_WEBHOOK_ROUTES } from './modules/calls/voice-webhook-intake.service';
import { telephonyIngestService } from './telephony-ingest.definition';

/** How telephony-ingest runs (alone from main.ts, or in the single-process host): raw bodies kept for the voice webhooks. */
export const telephonyIngestMain: ServiceMainSpec<TelephonyIngestEnv> = {
  definition: telephonyIngestService,
  loadEnv: (env) => loadTelephonyIngestEnv(env),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => captureRawWebhookBodies(app, VOICE_WEBHOOK_ROUTES, env.CARRIER_WEBHOOK_BODY_LIMIT_BYTES),
};
