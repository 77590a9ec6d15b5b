import { type ServiceMainSpec } from '@textback/platform';
import { AppModule } from './app.module';
import { loadSchedulingEnv, type SchedulingEnv } from './config/scheduling.env';
import { schedulingService } from './scheduling.definition';

/** How scheduling runs (alone from main.ts, or in the single-process host). */
export const schedulingMain: ServiceMainSpec<SchedulingEnv> = {
  definition: schedulingService,
  loadEnv: (env) => loadSchedulingEnv(env),
  appModule: (env) => AppModule.forRoot(env),
};
