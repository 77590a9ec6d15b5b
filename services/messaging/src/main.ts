import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadMessagingEnv } from './config/messaging.env';
import { messagingService } from './messaging.definition';

runServiceMain({ definition: messagingService, loadEnv: () => loadMessagingEnv(), appModule: (env) => AppModule.forRoot(env) });
