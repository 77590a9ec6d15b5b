import { Controller, Get, Inject, NotFoundException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, JwtAuthGuard } from '@textback/auth';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { type CrmScope } from '../auth/crm-scope.types';
import { TenantRepository } from './tenant.repository';

/** The caller's own tenant as lead-crm records it (the system of record of tenants). */
export interface TenantView {
  id: string;
  /** The slug of `tenants apply` (franchise manifest `tenant.slug`): the console's `/sign-in/<slug>` link names it. */
  slug: string;
  name: string;
}

/** `GET /v1/tenant`: the tenant of the access token, for any staff role (it tells nothing beyond its name and slug). */
@ApiTags('tenant')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/tenant')
export class TenantController {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly tenants: TenantRepository,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The id, slug and name of the caller\'s tenant.' })
  @ApiNotFoundResponse({ description: 'The token names a tenant lead-crm does not have.' })
  async view(@CurrentScope() scope: CrmScope): Promise<TenantView> {
    const tenant = await this.runner.run((tx) => this.tenants.findTenant(tx, scope.tenantId));
    if (!tenant) throw new NotFoundException('no such tenant');
    return tenant;
  }
}
