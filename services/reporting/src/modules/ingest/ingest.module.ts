import { Module } from '@nestjs/common';
import { EventIngestConsumer } from './event-ingest.consumer';
import { EventIngestService } from './event-ingest.service';
import { EventStoreRepository } from './event-store.repository';

/** Kafka → ClickHouse ingestion of every topic. */
@Module({ controllers: [EventIngestConsumer], providers: [EventIngestService, EventStoreRepository], exports: [EventIngestService] })
export class IngestModule {}
