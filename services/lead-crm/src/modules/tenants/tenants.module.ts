import { Module } from '@nestjs/common';
import { TenantApplyService } from './tenant-apply.service';
import { TenantController } from './tenant.controller';
import { TenantRepository } from './tenant.repository';

/** Tenants, regions, locations, numbers, users, and publishing location configuration; `GET /v1/tenant`. */
@Module({ controllers: [TenantController], providers: [TenantRepository, TenantApplyService], exports: [TenantRepository, TenantApplyService] })
export class TenantsModule {}
