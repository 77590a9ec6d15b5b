import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { docsEnabled } from '@textback/config';
import { connectContractConsumer, hardenHttp, type ServiceDefinition } from '@textback/platform';
import { Logger } from 'nestjs-pino';
import { reportingAnalyticsConfig } from './analytics/reporting-analytics.config';
import { migrateReportingAnalytics } from './analytics/reporting-analytics.migrations';
import { AppModule } from './app.module';
import { type ReportingEnv } from './config/reporting.env';
import { reportingService } from './reporting.definition';

/**
 * Boots reporting like the platform's `bootstrapService` (pino, validation pipe, Kafka consumer,
 * shutdown hooks) plus the analytics store's migrations (when CLICKHOUSE_MIGRATE_ON_BOOT, under a PostgreSQL
 * advisory lock so replicas booting together apply each once) and the OpenAPI document at `/docs`
 * (`/docs-json` for the JSON; off in production unless DOCS_ENABLED=true). The platform bootstrap has no hook for Swagger, hence this copy.
 * @param listen false in tests that listen on a port of their own.
 */
export async function bootstrapReporting(env: ReportingEnv, definition: ServiceDefinition = reportingService, listen = true): Promise<INestApplication> {
  if (env.CLICKHOUSE_MIGRATE_ON_BOOT) {
    await migrateReportingAnalytics(reportingAnalyticsConfig(env));
  }
  const app = await NestFactory.create(AppModule.forRoot(env, definition), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  if (definition.consumes.length > 0) {
    connectContractConsumer(app);
  }
  hardenHttp(app);
  setUpReportingDocs(app, env);
  await app.init();
  await app.startAllMicroservices();
  if (listen) await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  return app;
}

/** reporting's OpenAPI document at `/docs` (`/docs-json`), when {@link docsEnabled}. Call before `app.init()`. */
export function setUpReportingDocs(app: INestApplication, env: ReportingEnv): void {
  if (!docsEnabled(env)) return;
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Textback reporting').setDescription('Missed-call-to-revenue funnel, trends and ROI').setVersion('1').addBearerAuth().build());
  SwaggerModule.setup('docs', app, doc);
}
