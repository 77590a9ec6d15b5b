import {
  bookingCancelledV1,
  bookingConfirmedV1,
  bookingOfferedV1,
  callbackScheduledV1,
  callbackTaskRequestedV1,
  consentOptedOutV1,
  conversationTakenOverV1,
  dispatchAcknowledgedV1,
  dispatchEscalatedV1,
  dispatchPagedV1,
  firstTextDecidedV1,
  intentCapturedV1,
  leadCreatedV1,
  leadQualifiedV1,
  leadStageChangedV1,
  leadUpdatedV1,
  locationConfigV1,
  smsReceivedV1,
  smsSendCommandV1,
  urgentDetectedV1,
} from '@textback/contracts';
import { AddLocationDirectoryWakeup1799000000000, type ServiceDefinition } from '@textback/platform';
import { CreateOutboxInbox1764450000000 } from './database/migrations/1764450000000-create-outbox-inbox';
import { CreateSchedulingTables1764460000000 } from './database/migrations/1764460000000-create-scheduling-tables';
import { AddOfferRescheduleOf1764470000000 } from './database/migrations/1764470000000-add-offer-reschedule-of';
import { AddLeadRefAndPageCallState1764480000000 } from './database/migrations/1764480000000-add-lead-ref-and-page-call-state';
import { AddOutboxDeadLetters1764495000000 } from './database/migrations/1764495000000-add-outbox-dead-letters';
import { AddOfferPreference1797200000001 } from './database/migrations/1797200000001-add-offer-preference';
import { AddTimerWakeup1797800000000 } from './database/migrations/1797800000000-add-timer-wakeup';
import { AddTimerPriority1799100000000 } from './database/migrations/1799100000000-add-timer-priority';

/** scheduling: slots, bookings, callbacks, on-call dispatch and follow-up cadences. */
export const schedulingService: ServiceDefinition = {
  name: 'scheduling',
  schema: 'scheduling',
  migrations: [CreateOutboxInbox1764450000000, CreateSchedulingTables1764460000000, AddOfferRescheduleOf1764470000000, AddLeadRefAndPageCallState1764480000000, AddOutboxDeadLetters1764495000000, AddOfferPreference1797200000001, AddTimerWakeup1797800000000, AddLocationDirectoryWakeup1799000000000, AddTimerPriority1799100000000],
  consumes: [locationConfigV1, leadQualifiedV1, intentCapturedV1, callbackTaskRequestedV1, urgentDetectedV1, smsReceivedV1, firstTextDecidedV1, consentOptedOutV1, conversationTakenOverV1, leadStageChangedV1, leadCreatedV1, leadUpdatedV1],
  produces: [bookingOfferedV1, bookingConfirmedV1, bookingCancelledV1, callbackScheduledV1, dispatchPagedV1, dispatchAcknowledgedV1, dispatchEscalatedV1, smsSendCommandV1],
  deadLetterTables: [
    {
      // Replay: due now, attempts reset (a handler that still fails is parked again after its attempts).
      queue: 'timer',
      table: 'timer',
      idColumn: 'timer_id',
      deadWhere: `status = 'failed'`,
      reasonSql: `'retries_exhausted kind=' || kind`,
      errorSql: 'last_error',
      attemptsSql: 'attempts',
      atSql: 'due_at',
      replaySet: `status = 'pending', attempts = 0, last_error = NULL, due_at = now()`,
    },
  ],
};
