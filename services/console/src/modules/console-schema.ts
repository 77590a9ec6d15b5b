import { Inject, Injectable } from '@nestjs/common';
import { quoteSchema } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';

/** The quoted name of the console's PostgreSQL schema, for repositories' SQL. */
@Injectable()
export class ConsoleSchema {
  readonly sql: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.sql = quoteSchema(definition.schema);
  }
}
