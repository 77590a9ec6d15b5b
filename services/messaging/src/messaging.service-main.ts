import { captureRawWebhookBodies, type ServiceMainSpec } from '@textback/platform';
import { AppModule } from './app.module';
import { loadMessagingEnv, type MessagingEnv } from './config/messaging.env';
import { messagingService } from './messaging.definition';
import { MESSAGING_WEBHOOK_PATHS } from './modules/inbound/messaging-webhook-intake.service';

/** How messaging runs (alone from main.ts, or in the single-process host): raw bodies kept for the carrier webhooks. */
export const messagingMain: ServiceMainSpec<MessagingEnv> = {
  definition: messagingService,
  loadEnv: (env) => loadMessagingEnv(env),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => captureRawWebhookBodies(app, MESSAGING_WEBHOOK_PATHS, env.CARRIER_WEBHOOK_BODY_LIMIT_BYTES),
};
