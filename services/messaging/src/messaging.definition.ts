import {
  callbackTaskRequestedV1,
  callMissedV1,
  consentOptedInV1,
  consentOptedOutV1,
  consentReviewOpenedV1,
  consentReviewResolvedV1,
  conversationReleasedV1,
  conversationTakenOverV1,
  firstTextDecidedV1,
  locationConfigV1,
  smsDeliveredV1,
  smsFailedV1,
  smsReceivedV1,
  smsSendCommandV1,
  smsSentV1,
  smsSuppressedV1,
} from '@textback/contracts';
import { AddLocationDirectoryWakeup1799000000000, RAW_WEBHOOK_DEAD_LETTERS, type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';
import { CreateMessagingCore1764460000000 } from './database/migrations/1764460000000-create-messaging-core';
import { CreateFirstTextJob1764470000000 } from './database/migrations/1764470000000-create-first-text-job';
import { AddSendDecision1764483000000 } from './database/migrations/1764483000000-add-send-decision';
import { AddConsentReview1764490000000 } from './database/migrations/1764490000000-add-consent-review';
import { AddOutboxDeadLetters1764495000000 } from './database/migrations/1764495000000-add-outbox-dead-letters';
import { AddFirstTextJobDeadLetters1764496000000 } from './database/migrations/1764496000000-add-first-text-job-dead-letters';
import { CreateRawWebhookStore1764497000000 } from './database/migrations/1764497000000-create-raw-webhook-store';
import { AddSendQueueLease1797300000000 } from './database/migrations/1797300000000-add-send-queue-lease';
import { AddRawWebhookDeadLetters1797300000100 } from './database/migrations/1797300000100-add-raw-webhook-dead-letters';

/** messaging: SMS send/receive, consent ledger, quiet hours, first-text de-duplication. */
export const messagingService: ServiceDefinition = {
  name: 'messaging',
  schema: 'messaging',
  migrations: [CreateOutboxInbox1764450000000, CreateMessagingCore1764460000000, CreateFirstTextJob1764470000000, AddSendDecision1764483000000, AddConsentReview1764490000000, AddOutboxDeadLetters1764495000000, AddFirstTextJobDeadLetters1764496000000, CreateRawWebhookStore1764497000000,
    AddSendQueueLease1797300000000, AddRawWebhookDeadLetters1797300000100, AddLocationDirectoryWakeup1799000000000,
  ],
  consumes: [callMissedV1, smsSendCommandV1, locationConfigV1, conversationTakenOverV1, conversationReleasedV1],
  produces: [
    firstTextDecidedV1, callbackTaskRequestedV1, smsSentV1, smsDeliveredV1, smsFailedV1, smsSuppressedV1, smsReceivedV1, consentOptedOutV1, consentOptedInV1,
    consentReviewOpenedV1, consentReviewResolvedV1,
  ],
  deadLetterTables: [
    {
      // Replay: due now, attempts reset; the decision re-checks the time-to-live, consent and cooldown.
      queue: 'first_text_job',
      table: 'first_text_job',
      idColumn: 'event_id',
      deadWhere: 'dead_lettered_at IS NOT NULL',
      reasonSql: `'retries_exhausted'`,
      errorSql: 'last_error',
      attemptsSql: 'attempts',
      atSql: 'dead_lettered_at',
      replaySet: 'dead_lettered_at = NULL, attempts = 0, last_error = NULL, not_before = now()',
    },
    {
      // List only: messaging.sms.failed.v1 was already published for these texts; a late re-send is not ours to decide.
      queue: 'outbound_message',
      table: 'outbound_message',
      idColumn: 'message_id',
      deadWhere: `status = 'failed' AND reason = 'retries_exhausted'`,
      reasonSql: `'retries_exhausted'`,
      errorSql: `'carrier ' || COALESCE(error_code, '')`,
      attemptsSql: 'attempts',
      atSql: 'updated_at',
    },
    {
      // Replay: due now, handling attempts reset; the send decision re-checks consent, quiet hours and expiry first.
      queue: 'outbound_message_handling',
      table: 'outbound_message',
      idColumn: 'message_id',
      deadWhere: `status = 'queued' AND dead_lettered_at IS NOT NULL`,
      reasonSql: `'retries_exhausted'`,
      errorSql: 'last_error',
      attemptsSql: 'handling_failures',
      atSql: 'dead_lettered_at',
      replaySet: 'dead_lettered_at = NULL, handling_failures = 0, last_error = NULL, next_attempt_at = LEAST(next_attempt_at, now()), lease_token = NULL, lease_until = NULL, carrier_call_at = NULL',
    },
    {
      // List only: the carrier may have the text (at most once per claim); a delivery callback can still settle it.
      queue: 'outbound_message_unconfirmed',
      table: 'outbound_message',
      idColumn: 'message_id',
      deadWhere: `status = 'unconfirmed'`,
      reasonSql: `COALESCE(reason, 'unconfirmed')`,
      errorSql: 'last_error',
      attemptsSql: 'attempts',
      atSql: 'COALESCE(dead_lettered_at, updated_at)',
    },
    {
      // Replay: processed by the next sweep with fresh attempts (also `textback webhooks replay`, which revives these).
      queue: 'inbound_callback',
      table: 'inbound_callback',
      idColumn: 'callback_id',
      deadWhere: 'dead_at IS NOT NULL AND processed_at IS NULL',
      reasonSql: `'retries_exhausted'`,
      errorSql: `provider || ' ' || event_type || ': ' || COALESCE(last_error, '')`,
      attemptsSql: 'attempts',
      atSql: 'dead_at',
      replaySet: 'dead_at = NULL, attempts = 0, last_error = NULL',
    },
    RAW_WEBHOOK_DEAD_LETTERS,
  ],
};
