import { BadRequestException, Body, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { CurrentScope, JwtAuthGuard } from '@textback/auth';
import { type CrmScope } from '../auth/crm-scope.types';
import { WebhookSubscriptionRequestDto } from './dto/webhook-subscription.request.dto';
import { WebhookHttpClient } from './webhook-http.client';
import { WebhookTargetRefusal } from './webhook-target.policy';
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
    private readonly http: WebhookHttpClient,
  ) {}

  /**
   * Subscribes the caller's tenant. 400 when the target is refused (SSRF rules in
   * webhook-target.policy.ts: https only, a public host whose every address is public unicast,
   * unless CRM_WEBHOOK_ALLOWED_HOSTS names it); the same rules are checked on every delivery.
   */
  @Post()
  async create(@CurrentScope() scope: CrmScope, @Body() body: WebhookSubscriptionRequestDto): Promise<WebhookSubscription> {
    requireAdmin(scope);
    try {
      await this.http.vetTarget(body.url);
    } catch (err) {
      if (err instanceof WebhookTargetRefusal) throw new BadRequestException(`url refused: ${err.message}`);
      throw err;
    }
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
