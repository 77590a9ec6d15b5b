import { callAnsweredV1, callMissedV1, callReceivedV1, callVoicemailV1, locationConfigV1 } from '@textback/contracts';
import { AddLocationDirectoryWakeup1799000000000, RAW_WEBHOOK_DEAD_LETTERS, type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';
import { CreateCallRecords1764460000000 } from './database/migrations/1764460000000-create-call-records';
import { AddOutboxDeadLetters1764495000000 } from './database/migrations/1764495000000-add-outbox-dead-letters';
import { CreateRawWebhookStore1764497000000 } from './database/migrations/1764497000000-create-raw-webhook-store';
import { AddRawWebhookDeadLetters1797300000100 } from './database/migrations/1797300000100-add-raw-webhook-dead-letters';
import { AddCallAnswerConfirmation1797500000000 } from './database/migrations/1797500000000-add-call-answer-confirmation';

/** telephony-ingest: provider call webhooks, call records and the missed-call decision. */
export const telephonyIngestService: ServiceDefinition = {
  name: 'telephony-ingest',
  schema: 'telephony',
  migrations: [CreateOutboxInbox1764450000000, CreateCallRecords1764460000000, AddOutboxDeadLetters1764495000000, CreateRawWebhookStore1764497000000, AddRawWebhookDeadLetters1797300000100, AddCallAnswerConfirmation1797500000000, AddLocationDirectoryWakeup1799000000000],
  consumes: [locationConfigV1],
  produces: [callReceivedV1, callAnsweredV1, callMissedV1, callVoicemailV1],
  deadLetterTables: [RAW_WEBHOOK_DEAD_LETTERS],
  // Answers calls from memory while PostgreSQL or Kafka is down: readiness checks its own probes instead
  // (location directory held, spool writable; see CallsModule), never Kafka nor the database.
  readiness: [],
};
