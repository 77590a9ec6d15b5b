import { Module } from '@nestjs/common';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WebhookRepository } from './webhook.repository';
import { WebhooksController } from './webhooks.controller';

/** Outbound CRM webhooks: subscriptions, the durable delivery queue and its dispatcher. */
@Module({ controllers: [WebhooksController], providers: [WebhookRepository, WebhookDispatcherService], exports: [WebhookRepository, WebhookDispatcherService] })
export class WebhooksModule {}
