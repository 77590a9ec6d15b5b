import { type DynamicModule, Module } from '@nestjs/common';
import { LocationDirectoryModule, RawWebhookStore } from '@textback/platform';
import { BandwidthLineTypeLookup } from './carrier/adapters/bandwidth/bandwidth-line-type.lookup';
import { BandwidthSmsCarrier } from './carrier/adapters/bandwidth/bandwidth-sms.carrier';
import { ProviderRoutedSmsCarrier } from './carrier/provider-routed.carrier';
import { TwilioSmsCarrier } from './carrier/adapters/twilio/twilio-sms.carrier';
import { LINE_TYPE_LOOKUP, type LineTypeLookup, SMS_CARRIER, type SmsCarrier } from './carrier/port/sms-carrier.port';
import { CLOCK, type Clock, systemClock } from './clock/port/clock';
import { CONSENT_SCOPE, ConsentLedger } from './consent/consent-ledger.service';
import { ConsentRepository } from './consent/consent.repository';
import { OptOutRecorder } from './consent/opt-out-recorder.service';
import { ConsentReviewController } from './consent-review/consent-review.controller';
import { ConsentReviewRepository } from './consent-review/consent-review.repository';
import { ConsentReviewService } from './consent-review/consent-review.service';
import { ConversationStateRepository } from './conversation/conversation-state.repository';
import { TakeoverConsumer } from './conversation/takeover.consumer';
import { FIRST_TEXT_TTL_SECONDS, FirstTextService } from './first-text/first-text.service';
import { FirstTextRepository } from './first-text/first-text.repository';
import { FirstTextJobRepository } from './first-text/first-text-job.repository';
import { FIRST_TEXT_JOB_SETTINGS, FirstTextJobWorker } from './first-text/first-text-job.worker';
import { MissedCallConsumer } from './first-text/missed-call.consumer';
import { BANDWIDTH_CALLBACK_CREDENTIALS, BandwidthCallbackController } from './inbound/adapters/bandwidth/bandwidth-callback.controller';
import { INBOUND_MAX_ATTEMPTS, InboundCallbackRepository } from './inbound/inbound-callback.repository';
import { INBOUND_SWEEP_INTERVAL_MS, InboundSweeperWorker, RAW_WEBHOOK_MAINTENANCE } from './inbound/inbound-sweeper.worker';
import { MessagingWebhookIntake } from './inbound/messaging-webhook-intake.service';
import { InboundService, LOOP_DETECTION } from './inbound/inbound.service';
import { TWILIO_WEBHOOK_SETTINGS, TwilioMessagingController } from './inbound/adapters/twilio/twilio-messaging.controller';
import { LINE_TYPE_CACHE_DAYS, LineTypeService } from './line-type/line-type.service';
import { LineTypeRepository } from './line-type/line-type.repository';
import { OutboundMessageRepository } from './sending/outbound-message.repository';
import { SendCommandConsumer } from './sending/send-command.consumer';
import { SendCommandService } from './sending/send-command.service';
import { SendDecision, SEND_POLICY_LIMITS } from './sending/send-decision.policy';
import { SendPolicy } from './sending/send-policy.service';
import { RecipientZones } from './policy/recipient-zones.service';
import { SEND_QUEUE_SETTINGS, SendQueueWorker } from './sending/send-queue.worker';
import { TextBacklogMetrics } from './sending/text-backlog.metrics';
import { SendRateRepository } from './sending/send-rate.repository';
import { MessagingSchema } from './shared/messaging-schema';
import { TemplateCatalog } from './templates/template-catalog.service';
import { type MessagingEnv } from '../config/messaging.env';

/** Replaceable edges of messaging (tests and benchmarks inject a controllable clock). */
export interface MessagingOverrides {
  clock?: Clock;
  carrier?: SmsCarrier;
  lineTypeLookup?: LineTypeLookup;
}

/** messaging's features: first text, send policy + durable queue, consent ledger, inbound callbacks. */
@Module({})
export class MessagingModule {
  static forRoot(env: MessagingEnv, overrides: MessagingOverrides = {}): DynamicModule {
    const bandwidth = { accountId: env.BANDWIDTH_ACCOUNT_ID, username: env.BANDWIDTH_USERNAME, password: env.BANDWIDTH_PASSWORD, timeoutMs: env.BANDWIDTH_HTTP_TIMEOUT_MS };
    return {
      module: MessagingModule,
      // Held in memory: the decision path asks for a location's config and whether the caller is one of our numbers
      // on every call, and a 5 s cache missed for most of them (a statement each).
      imports: [LocationDirectoryModule.forRoot({ ...(env.LOCATION_CONFIG_FILE ? { seedFile: env.LOCATION_CONFIG_FILE } : {}), memory: { refreshMs: env.LOCATION_DIRECTORY_REFRESH_MS } })],
      controllers: [MissedCallConsumer, SendCommandConsumer, TakeoverConsumer, BandwidthCallbackController, TwilioMessagingController, ConsentReviewController],
      providers: [
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        {
          provide: SMS_CARRIER,
          useFactory: () =>
            overrides.carrier ??
            new ProviderRoutedSmsCarrier({
              bandwidth: new BandwidthSmsCarrier({ ...bandwidth, applicationId: env.BANDWIDTH_MESSAGING_APPLICATION_ID, baseUrl: env.BANDWIDTH_MESSAGING_BASE_URL }),
              ...(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
                ? {
                    twilio: new TwilioSmsCarrier({
                      accountSid: env.TWILIO_ACCOUNT_SID,
                      authToken: env.TWILIO_AUTH_TOKEN,
                      apiBaseUrl: env.TWILIO_API_BASE_URL,
                      publicBaseUrl: env.MESSAGING_PUBLIC_BASE_URL,
                      timeoutMs: env.TWILIO_HTTP_TIMEOUT_MS,
                    }),
                  }
                : {}),
            }),
        },
        { provide: LINE_TYPE_LOOKUP, useFactory: () => overrides.lineTypeLookup ?? new BandwidthLineTypeLookup({ ...bandwidth, baseUrl: env.BANDWIDTH_LOOKUP_BASE_URL }) },
        { provide: CONSENT_SCOPE, useValue: env.MESSAGING_CONSENT_SCOPE },
        { provide: FIRST_TEXT_TTL_SECONDS, useValue: env.FIRST_TEXT_TTL_SECONDS },
        { provide: FIRST_TEXT_JOB_SETTINGS, useValue: { workers: env.FIRST_TEXT_WORKERS, pollIntervalMs: env.FIRST_TEXT_POLL_INTERVAL_MS, retryBaseMs: env.FIRST_TEXT_RETRY_BASE_MS, maxAttempts: env.JOB_MAX_ATTEMPTS, leaseMs: env.FIRST_TEXT_LEASE_MS, releaseLeasesAtStart: env.FIRST_TEXT_RELEASE_LEASES_AT_START } },
        { provide: LINE_TYPE_CACHE_DAYS, useValue: env.LINE_TYPE_CACHE_DAYS },
        { provide: SEND_POLICY_LIMITS, useValue: { automatedHourlyCap: env.AUTOMATED_HOURLY_CAP, loopWindowSeconds: env.LOOP_WINDOW_SECONDS } },
        { provide: LOOP_DETECTION, useValue: { windowSeconds: env.LOOP_WINDOW_SECONDS, inboundThreshold: env.LOOP_INBOUND_THRESHOLD } },
        { provide: INBOUND_SWEEP_INTERVAL_MS, useValue: env.INBOUND_SWEEP_INTERVAL_MS },
        { provide: INBOUND_MAX_ATTEMPTS, useValue: env.INBOUND_MAX_ATTEMPTS },
        { provide: RAW_WEBHOOK_MAINTENANCE, useValue: { maxReplayAttempts: env.INBOUND_MAX_ATTEMPTS, retentionDays: env.RAW_WEBHOOK_RETENTION_DAYS } },
        RawWebhookStore,
        MessagingWebhookIntake,
        { provide: TWILIO_WEBHOOK_SETTINGS, useValue: { authToken: env.TWILIO_AUTH_TOKEN ?? null, publicBaseUrl: env.MESSAGING_PUBLIC_BASE_URL.replace(/\/+$/, '') } },
        { provide: BANDWIDTH_CALLBACK_CREDENTIALS, useValue: { username: env.BANDWIDTH_CALLBACK_USERNAME, password: env.BANDWIDTH_CALLBACK_PASSWORD } },
        {
          provide: SEND_QUEUE_SETTINGS,
          useValue: {
            pollIntervalMs: env.SEND_QUEUE_POLL_INTERVAL_MS,
            batchSize: env.SEND_QUEUE_BATCH_SIZE,
            workers: env.SEND_QUEUE_WORKERS,
            maxAttempts: env.SEND_MAX_ATTEMPTS,
            retryBaseMs: env.SEND_RETRY_BASE_MS,
            leaseMs: env.SEND_QUEUE_LEASE_MS,
            reconcileDelayMs: env.SEND_RECONCILE_DELAY_MS,
            settleLeasesAtStart: env.SEND_QUEUE_SETTLE_LEASES_AT_START,
            reconcileMaxLookups: env.SEND_RECONCILE_MAX_LOOKUPS,
          },
        },
        MessagingSchema,
        TemplateCatalog,
        ConsentRepository,
        ConsentLedger,
        OptOutRecorder,
        ConsentReviewRepository,
        ConsentReviewService,
        ConversationStateRepository,
        LineTypeRepository,
        LineTypeService,
        OutboundMessageRepository,
        SendRateRepository,
        RecipientZones,
        SendDecision,
        SendPolicy,
        SendQueueWorker,
        TextBacklogMetrics,
        SendCommandService,
        FirstTextRepository,
        FirstTextJobRepository,
        FirstTextService,
        FirstTextJobWorker,
        InboundCallbackRepository,
        InboundService,
        InboundSweeperWorker,
      ],
      exports: [ConsentLedger, SendQueueWorker, InboundService, FirstTextService, SendCommandService, SendDecision, ConsentReviewService],
    };
  }
}
