import { Inject, Injectable } from '@nestjs/common';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../../../config/telephony-ingest.config';
import { type CallInstruction } from '../../call-instruction.types';
import { type InboundCallWebhook } from '../../call-webhook.types';
import { type VoiceProviderAdapter, type VoiceProviderReply } from '../../port/voice-provider.port';
import { BANDWIDTH_HOOK_PATHS, type BandwidthCallbackAuth, renderBxml } from './bandwidth-bxml.factory';
import { parseBandwidthCallback } from './bandwidth-voice.mapper';

const HOOKS = new Set<string>(['initiate', 'status', 'redirect', ...Object.values(BANDWIDTH_HOOK_PATHS)]);

/** The Bandwidth Voice hooks: the application's two URLs and the verb URLs our BXML names. */
export type BandwidthVoiceHook = 'initiate' | 'status' | 'redirect' | (typeof BANDWIDTH_HOOK_PATHS)[keyof typeof BANDWIDTH_HOOK_PATHS];

/**
 * Bandwidth Voice behind {@link VoiceProviderAdapter}: JSON callbacks (the body's `eventType`
 * decides, see {@link parseBandwidthCallback}) answered with BXML built by bandwidth-sdk
 * ({@link renderBxml}), carrying the callback credentials for the verb callbacks.
 */
@Injectable()
export class BandwidthVoiceAdapter implements VoiceProviderAdapter<BandwidthVoiceHook, BandwidthCallbackAuth | null> {
  readonly provider = 'bandwidth' as const;

  constructor(@Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig) {}

  isHook(hook: string): hook is BandwidthVoiceHook {
    return HOOKS.has(hook);
  }

  parse(_hook: BandwidthVoiceHook, body: unknown, _receivedAt: string): InboundCallWebhook {
    return parseBandwidthCallback(body);
  }

  render(instruction: CallInstruction, auth: BandwidthCallbackAuth | null): VoiceProviderReply {
    return renderBxml(instruction, this.config.publicBaseUrl, auth);
  }
}
