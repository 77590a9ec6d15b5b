import { Global, Module } from '@nestjs/common';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { CRM_SCHEMA } from './crm-schema.constants';

/** Provides {@link CRM_SCHEMA} (the service definition's schema) to every repository. */
@Global()
@Module({
  providers: [{ provide: CRM_SCHEMA, inject: [SERVICE_DEFINITION], useFactory: (d: ServiceDefinition) => d.schema }],
  exports: [CRM_SCHEMA],
})
export class CrmDatabaseModule {}
