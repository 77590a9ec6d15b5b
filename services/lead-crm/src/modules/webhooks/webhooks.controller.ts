import { Body, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { CurrentScope, JwtAuthGuard } from '@textback/auth';
import { type CrmScope } from '../auth/crm-scope.types';
import { WebhookSubscriptionRequestDto } from './dto/webhook-subscription.request.dto';
import { type DeliveryLogEntry, type WebhookSubscription, WebhookRepository } from './webhook.repository';

/** The tenant's outbound CRM webhooks (owner and admin only). */
@ApiTags('webhooks')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly webhooks: WebhookRepository,
  ) {}

  @Post()
  create(@CurrentScope() scope: CrmScope, @Body() body: WebhookSubscriptionRequestDto): Promise<WebhookSubscription> {
    requireAdmin(scope);
    return this.runner.run((tx) => this.webhooks.createSubscription(tx, scope, { url: body.url, secret: body.secret, eventTypes: body.eventTypes ?? [] }));
  }

  @Get()
  list(@CurrentScope() scope: CrmScope): Promise<WebhookSubscription[]> {
    requireAdmin(scope);
    return this.runner.run((tx) => this.webhooks.listSubscriptions(tx, scope));
  }

  @Get(':id/deliveries')
  async deliveries(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<DeliveryLogEntry[]> {
    requireAdmin(scope);
    const log = await this.runner.run((tx) => this.webhooks.deliveryLog(tx, scope, id, 200));
    if (!log) throw new NotFoundException('webhook subscription not found');
    return log;
  }
}

function requireAdmin(scope: CrmScope): void {
  if (scope.role !== 'owner' && scope.role !== 'admin') throw new ForbiddenException('only a tenant owner or admin manages webhooks');
}
