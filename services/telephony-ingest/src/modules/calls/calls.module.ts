import { type DynamicModule, Module } from '@nestjs/common';
import { CallbackSpool, RawWebhookStore } from '@textback/platform';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { BandwidthBasicAuthGuard } from './adapters/bandwidth/bandwidth-basic-auth.guard';
import { BandwidthVoiceAdapter } from './adapters/bandwidth/bandwidth-voice.adapter';
import { BandwidthVoiceController } from './adapters/bandwidth/bandwidth-voice.controller';
import { TwilioSignatureGuard } from './adapters/twilio/twilio-signature.guard';
import { TwilioVoiceAdapter } from './adapters/twilio/twilio-voice.adapter';
import { TwilioVoiceController } from './adapters/twilio/twilio-voice.controller';
import { CallDecisionMetrics } from './call-decision.metrics';
import { CallLifecycleService } from './call-lifecycle.service';
import { CallRecordRepository } from './call-record.repository';
import { CallbackSpoolReplayWorker } from './callback-spool-replay.worker';
import { FailOpenMetrics } from './fail-open.metrics';
import { FailOpenReadiness } from './fail-open.readiness';
import { MalformedWebhookFilter } from './malformed-webhook.filter';
import { VoiceWebhookIntake } from './voice-webhook-intake.service';
import { VoiceWebhookReplayWorker } from './voice-webhook-replay.worker';

/**
 * Carrier voice webhooks (Bandwidth, Twilio) behind one provider-neutral call lifecycle and the
 * missed-call classifier. Needs `TELEPHONY_INGEST_CONFIG` (global), the `LocationDirectory` (passed in) and the platform's transaction runner, logger and metrics registry.
 */
@Module({})
export class CallsModule {
  /** @param locationDirectory the app's `LocationDirectoryModule.forRoot(...)` instance (imported once, shared). */
  static register(locationDirectory: DynamicModule): DynamicModule {
    return {
      module: CallsModule,
      imports: [locationDirectory],
      controllers: [BandwidthVoiceController, TwilioVoiceController],
      providers: [
        BandwidthVoiceAdapter, TwilioVoiceAdapter, CallLifecycleService, CallRecordRepository, CallDecisionMetrics, BandwidthBasicAuthGuard, TwilioSignatureGuard, MalformedWebhookFilter, RawWebhookStore, VoiceWebhookIntake, VoiceWebhookReplayWorker,
        { provide: CallbackSpool, inject: [TELEPHONY_INGEST_CONFIG], useFactory: (config: TelephonyIngestConfig) => new CallbackSpool(config.failOpen.spoolDir) },
        FailOpenMetrics,
        FailOpenReadiness,
        CallbackSpoolReplayWorker,
      ],
    };
  }
}
