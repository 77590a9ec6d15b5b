import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ALL_CONTRACTS, type EventEnvelope } from '@textback/contracts';
import { ConsumeEventsTogether } from '@textback/bus';
import { EventIngestService } from './event-ingest.service';

/** Every topic in the contracts registry (the platform parses each against its contract first). */
export const INGESTED_TOPICS: string[] = ALL_CONTRACTS.map((c) => c.topic);

/**
 * Consumes every topic into ClickHouse. The records of one Kafka batch are handed over together, so
 * {@link EventIngestService}'s buffer stores them in one INSERT. Resolves only after the event is stored; a ClickHouse
 * failure throws, so the platform retries and leaves the offset uncommitted (at-least-once);
 * duplicates are dropped by {@link EventIngestService}.
 */
@Controller()
export class EventIngestConsumer {
  constructor(private readonly ingest: EventIngestService) {}

  @ConsumeEventsTogether(INGESTED_TOPICS)
  async on(@Payload() event: EventEnvelope<unknown>): Promise<void> {
    await this.ingest.ingest(event);
  }
}
