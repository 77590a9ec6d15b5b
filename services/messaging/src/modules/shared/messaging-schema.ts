import { Inject, Injectable } from '@nestjs/common';
import { quoteSchema } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';

/** The quoted PostgreSQL schema of this messaging instance (`messaging`, or a test's own schema). */
@Injectable()
export class MessagingSchema {
  readonly sql: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.sql = quoteSchema(definition.schema);
  }
}
