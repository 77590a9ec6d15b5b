import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { docsEnabled } from '@textback/config';
import { bootstrapService, createServiceApp, type ServiceDefinition } from '@textback/platform';
import { reportingAnalyticsConfig } from './analytics/reporting-analytics.config';
import { migrateReportingAnalytics } from './analytics/reporting-analytics.migrations';
import { AppModule } from './app.module';
import { type ReportingEnv } from './config/reporting.env';
import { reportingService } from './reporting.definition';

/**
 * Boots reporting through the platform's {@link bootstrapService} (pino, validation pipe, anti-framing headers, Kafka
 * consumer, shutdown hooks, the shared HTTP listen backlog) after the analytics store's migrations (when
 * CLICKHOUSE_MIGRATE_ON_BOOT, under a PostgreSQL advisory lock so replicas booting together apply each once), with the
 * OpenAPI document at `/docs` (`/docs-json` for the JSON; off in production unless DOCS_ENABLED=true) set up before init.
 * @param listen false in tests that listen on a port of their own: the application is then initialised, not listening.
 */
export async function bootstrapReporting(env: ReportingEnv, definition: ServiceDefinition = reportingService, listen = true): Promise<INestApplication> {
  if (env.CLICKHOUSE_MIGRATE_ON_BOOT) {
    await migrateReportingAnalytics(reportingAnalyticsConfig(env));
  }
  const docs = (app: INestApplication): void => setUpReportingDocs(app, env);
  const appModule = AppModule.forRoot(env, definition);
  return listen ? bootstrapService(appModule, definition, env, docs) : createServiceApp(appModule, definition, { shutdownHooks: true, beforeInit: docs });
}

/** reporting's OpenAPI document at `/docs` (`/docs-json`), when {@link docsEnabled}. Call before `app.init()`. */
export function setUpReportingDocs(app: INestApplication, env: ReportingEnv): void {
  if (!docsEnabled(env)) return;
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Textback reporting').setDescription('Missed-call-to-revenue funnel, trends and ROI').setVersion('1').addBearerAuth().build());
  SwaggerModule.setup('docs', app, doc);
}
