import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadSchedulingEnv } from './config/scheduling.env';
import { schedulingService } from './scheduling.definition';

runServiceMain({ definition: schedulingService, loadEnv: () => loadSchedulingEnv(), appModule: (env) => AppModule.forRoot(env) });
