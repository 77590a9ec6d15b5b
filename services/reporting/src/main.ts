import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { AppModule } from './app.module';
import { loadReportingEnv } from './config/reporting.env';
import { reportingService } from './reporting.definition';

runServiceMain({ definition: reportingService, loadEnv: () => loadReportingEnv(), appModule: (env) => AppModule.forRoot(env) });
