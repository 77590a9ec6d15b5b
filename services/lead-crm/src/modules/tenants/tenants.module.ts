import { Module } from '@nestjs/common';
import { TenantApplyService } from './tenant-apply.service';
import { TenantRepository } from './tenant.repository';

/** Tenants, regions, locations, numbers, users, and publishing location configuration. */
@Module({ providers: [TenantRepository, TenantApplyService], exports: [TenantRepository, TenantApplyService] })
export class TenantsModule {}
