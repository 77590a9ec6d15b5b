import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { CallDecisionMetrics } from './call-decision.metrics';
import { MalformedWebhookException } from './call-webhook.types';
import { type WebhookHttpResponse } from './http-exchange.types';

/**
 * Maps {@link MalformedWebhookException} to HTTP 400 with the list of problems, logs it (without
 * the body: it holds phone numbers) and counts it. Nothing was stored or published.
 */
@Catch(MalformedWebhookException)
export class MalformedWebhookFilter implements ExceptionFilter<MalformedWebhookException> {
  constructor(
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    private readonly metrics: CallDecisionMetrics,
  ) {}

  catch(exception: MalformedWebhookException, host: ArgumentsHost): void {
    this.metrics.webhooks.inc({ provider: exception.provider, result: 'malformed' });
    this.log.warn({ provider: exception.provider, problems: exception.problems }, 'malformed voice webhook rejected');
    const res = host.switchToHttp().getResponse<WebhookHttpResponse>();
    res.status(400).type('application/json').send(JSON.stringify({ statusCode: 400, error: 'Bad Request', message: exception.message, problems: exception.problems }));
  }
}
