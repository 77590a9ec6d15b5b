import { type ServiceMainSpec } from '@textback/platform';
import { AppModule } from './app.module';
import { loadReportingEnv, type ReportingEnv } from './config/reporting.env';
import { setUpReportingDocs } from './reporting.bootstrap';
import { reportingService } from './reporting.definition';

/**
 * How reporting runs in the single-process host (its own main.ts boots through `bootstrapReporting`, which also
 * migrates the analytics store when CLICKHOUSE_MIGRATE_ON_BOOT): the OpenAPI document. The host applies the analytics
 * migrations itself before it creates the module.
 */
export const reportingMain: ServiceMainSpec<ReportingEnv> = {
  definition: reportingService,
  loadEnv: (env) => loadReportingEnv(env),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => setUpReportingDocs(app, env),
};
