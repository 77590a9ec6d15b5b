import { type INestApplication } from '@nestjs/common';
import { RequestValidationPipe } from '@textback/platform';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * HTTP edge of lead-crm: the validation pipe (whitelist, transform; 400 listing each bad
 * field) and, when `docs` (DOCS_ENABLED, default off in production: `docsEnabled` of @textback/config),
 * the OpenAPI document at `/docs` (JSON at `/docs-json`). Call before `app.init()`.
 */
export function setUpLeadCrmHttp(app: INestApplication, docs = true): void {
  app.useGlobalPipes(new RequestValidationPipe());
  if (!docs) return;
  const config = new DocumentBuilder()
    .setTitle('Textback lead-crm')
    .setDescription('Leads, timeline, takeover, manual texts, tasks and CRM webhooks of your tenant, regions or locations. Bearer JWT; anything outside your scope answers 404.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
