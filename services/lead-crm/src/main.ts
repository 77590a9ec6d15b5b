import 'reflect-metadata';
import { docsEnabled } from '@textback/config';
import { runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadLeadCrmEnv } from './config/lead-crm.env';
import { setUpLeadCrmHttp } from './http.setup';
import { leadCrmService } from './lead-crm.definition';

runServiceMain({ definition: leadCrmService, loadEnv: () => loadLeadCrmEnv(), appModule: (env) => AppModule.forRoot(env), beforeInit: (app, env) => setUpLeadCrmHttp(app, docsEnabled(env)) });
