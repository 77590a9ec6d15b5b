import 'reflect-metadata';
import { captureRawWebhookBodies, runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadMessagingEnv } from './config/messaging.env';
import { messagingService } from './messaging.definition';
import { MESSAGING_WEBHOOK_PATHS } from './modules/inbound/messaging-webhook-intake.service';

runServiceMain({
  definition: messagingService,
  loadEnv: () => loadMessagingEnv(),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => captureRawWebhookBodies(app, MESSAGING_WEBHOOK_PATHS, env.CARRIER_WEBHOOK_BODY_LIMIT_BYTES),
});
