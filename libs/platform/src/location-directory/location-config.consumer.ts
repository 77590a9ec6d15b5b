import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type LocationConfig, TOPICS } from '@textback/contracts';
import { LocationDirectory } from './location-directory';

/** Keeps the service's {@link LocationDirectory} current from `crm.location.config.v1`. */
@Controller()
export class LocationConfigConsumer {
  constructor(private readonly directory: LocationDirectory) {}

  // NestJS 12 types EventPattern's handler argument by topic: this topic carries location configs.
  @EventPattern<Record<typeof TOPICS.locationConfig, EventEnvelope<LocationConfig>>>(TOPICS.locationConfig)
  async onLocationConfig(@Payload() event: EventEnvelope<LocationConfig>): Promise<void> {
    await this.directory.upsert(event.data);
  }
}
