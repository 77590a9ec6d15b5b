import { Module } from '@nestjs/common';
import { PLATFORM_ENV } from '@textback/platform';
import { type LeadCrmEnv } from '../../config/lead-crm.env';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WEBHOOK_MAX_RESPONSE_BYTES, WebhookHttpClient } from './webhook-http.client';
import { WebhookTargetPolicy } from './webhook-target.policy';
import { WebhookRepository } from './webhook.repository';
import { WebhooksController } from './webhooks.controller';

/** Outbound CRM webhooks: subscriptions, the durable delivery queue, its dispatcher and the SSRF-safe client. */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhookRepository,
    WebhookDispatcherService,
    {
      provide: WebhookHttpClient,
      inject: [PLATFORM_ENV],
      useFactory: (env: LeadCrmEnv) =>
        new WebhookHttpClient(WebhookTargetPolicy.fromAllowList(env.CRM_WEBHOOK_ALLOWED_HOSTS), {
          connectTimeoutMs: Math.min(env.WEBHOOK_CONNECT_TIMEOUT_MS, env.WEBHOOK_TIMEOUT_MS),
          totalTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
          maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
        }),
    },
  ],
  exports: [WebhookRepository, WebhookDispatcherService],
})
export class WebhooksModule {}
