import { docsEnabled } from '@textback/config';
import { type ServiceMainSpec } from '@textback/platform';
import { AppModule } from './app.module';
import { type LeadCrmEnv, loadLeadCrmEnv } from './config/lead-crm.env';
import { setUpLeadCrmHttp } from './http.setup';
import { leadCrmService } from './lead-crm.definition';

/** How lead-crm runs (alone from main.ts, or in the single-process host): its HTTP set-up and OpenAPI document. */
export const leadCrmMain: ServiceMainSpec<LeadCrmEnv> = {
  definition: leadCrmService,
  loadEnv: (env) => loadLeadCrmEnv(env),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => setUpLeadCrmHttp(app, docsEnabled(env)),
};
