import { type DynamicModule, Module } from '@nestjs/common';
import { LocationDirectoryModule } from '@textback/platform';
import { type SchedulingEnv } from '../config/scheduling.env';
import { BookingController } from './booking/booking.controller';
import { BookingRepository } from './booking/booking.repository';
import { BookingService } from './booking/booking.service';
import { LeadQualifiedConsumer } from './booking/lead-qualified.consumer';
import { SlotsController } from './booking/slots.controller';
import { CallbackController } from './callback/callback.controller';
import { CallbackConsumer } from './callback/callback.consumer';
import { CallbackRepository } from './callback/callback.repository';
import { CallbackService } from './callback/callback.service';
import { ClockModule } from './clock/clock.module';
import { BandwidthVoicePager } from './dispatch/adapters/bandwidth/bandwidth-voice.pager';
import { DispatchController } from './dispatch/dispatch.controller';
import { DispatchRepository } from './dispatch/dispatch.repository';
import { DispatchService } from './dispatch/dispatch.service';
import { TextOnlyPager } from './dispatch/adapters/text-only/text-only.pager';
import { UrgentDetectedConsumer } from './dispatch/urgent-detected.consumer';
import { VOICE_PAGER, type VoicePager } from './dispatch/port/voice-pager';
import { FollowUpConsumer } from './follow-up/follow-up.consumer';
import { FollowUpRepository } from './follow-up/follow-up.repository';
import { FollowUpService } from './follow-up/follow-up.service';
import { InboundTextService } from './inbound/inbound-text.service';
import { IntentCapturedConsumer } from './inbound/intent-captured.consumer';
import { SmsReceivedConsumer } from './inbound/sms-received.consumer';
import { LeadRefRepository } from './lead/lead-ref.repository';
import { LeadConsumer } from './lead/lead.consumer';
import { TimersModule } from './timers/timers.module';

/**
 * scheduling's features: bookings, callbacks, dispatch, follow-up cadences, on durable timers
 * and the location directory. One module because the features call each other inside one
 * transaction (a booking stops a cadence; an inbound text acknowledges, books or stops).
 */
@Module({})
export class SchedulingModule {
  static forRoot(env: SchedulingEnv): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [ClockModule, TimersModule, LocationDirectoryModule.forRoot({ ...(env.LOCATION_CONFIG_FILE ? { seedFile: env.LOCATION_CONFIG_FILE } : {}), memory: { refreshMs: env.LOCATION_DIRECTORY_REFRESH_MS } })],
      controllers: [BookingController, SlotsController, CallbackController, DispatchController, LeadQualifiedConsumer, CallbackConsumer, UrgentDetectedConsumer, FollowUpConsumer, SmsReceivedConsumer, IntentCapturedConsumer, LeadConsumer],
      providers: [
        { provide: VOICE_PAGER, useFactory: (): VoicePager => voicePagerFor(env) },
        BookingRepository,
        BookingService,
        CallbackRepository,
        CallbackService,
        DispatchRepository,
        DispatchService,
        FollowUpRepository,
        FollowUpService,
        InboundTextService,
        LeadRefRepository,
      ],
      exports: [BookingService, DispatchService, FollowUpService],
    };
  }
}

/**
 * Bandwidth page calls when the account, API credentials and voice application are set (the
 * answer webhook's Basic pair: the BANDWIDTH_VOICE_CALLBACK_CREDENTIALS entry of that application,
 * else the first unbound one); text-only pages otherwise.
 */
function voicePagerFor(env: SchedulingEnv): VoicePager {
  const { BANDWIDTH_ACCOUNT_ID: accountId, BANDWIDTH_USERNAME: username, BANDWIDTH_PASSWORD: password, BANDWIDTH_VOICE_APPLICATION_ID: applicationId } = env;
  if (!accountId || !username || !password || !applicationId) return new TextOnlyPager();
  const credentials = env.BANDWIDTH_VOICE_CALLBACK_CREDENTIALS;
  const callback = credentials.find((c) => c.applicationId === applicationId) ?? credentials.find((c) => !c.applicationId);
  return new BandwidthVoicePager({
    accountId,
    username,
    password,
    applicationId,
    ...(env.BANDWIDTH_VOICE_BASE_URL ? { basePath: env.BANDWIDTH_VOICE_BASE_URL } : {}),
    ...(callback ? { callbackCredential: { username: callback.username, password: callback.password } } : {}),
  });
}
