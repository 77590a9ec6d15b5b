import { Inject, Injectable } from '@nestjs/common';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../../../config/telephony-ingest.config';
import { type CallInstruction } from '../../call-instruction.types';
import { type InboundCallWebhook } from '../../call-webhook.types';
import { type VoiceProviderAdapter, type VoiceProviderReply } from '../../port/voice-provider.port';
import { renderTwiml } from './twiml.factory';
import { parseTwilioWebhook, type TwilioVoiceHook } from './twilio-voice.mapper';

const HOOKS: readonly string[] = ['incoming', 'dial-action', 'status', 'record-action', 'recording-status', 'whisper', 'whisper-gather'] satisfies TwilioVoiceHook[];

/**
 * Twilio Programmable Voice behind {@link VoiceProviderAdapter}: form-encoded webhooks
 * ({@link parseTwilioWebhook}) answered with TwiML from the twilio package ({@link renderTwiml}).
 */
@Injectable()
export class TwilioVoiceAdapter implements VoiceProviderAdapter<TwilioVoiceHook> {
  readonly provider = 'twilio' as const;

  constructor(@Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig) {}

  isHook(hook: string): hook is TwilioVoiceHook {
    return HOOKS.includes(hook);
  }

  parse(hook: TwilioVoiceHook, body: unknown, receivedAt: string): InboundCallWebhook {
    return parseTwilioWebhook(hook, body, receivedAt);
  }

  render(instruction: CallInstruction): VoiceProviderReply {
    return renderTwiml(instruction, this.config.publicBaseUrl);
  }
}
