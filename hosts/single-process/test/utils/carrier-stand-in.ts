import { BandwidthStandIn, freePort } from '@textback/testing';

/** The Bandwidth credentials a single process under test and its {@link BandwidthStandIn} share. */
export const STAND_IN_CARRIER = {
  api: { username: 'bw-api', password: 'bw-api-password' },
  voice: { username: 'bw-voice', password: 'voice-callback-password-0123456789' },
  messaging: { username: 'bw-messaging', password: 'messaging-callback-password-0123456789' },
} as const;

/** A started carrier stand-in, the port the single process must listen on, and the environment that points it there. */
export interface CarrierForHost {
  carrier: BandwidthStandIn;
  /** A port free on 127.0.0.1 now, for the single process: the carrier's callbacks name it, so it is chosen first. */
  port: number;
  /** HTTP_PORT and the Bandwidth variables of the process (pass to `startHost`). */
  env: Record<string, string>;
}

/**
 * A Bandwidth stand-in (on a port of its own) playing the carrier of a single process that will listen on the returned
 * port: calls and texts go to the process's voice and messaging webhooks, delivery receipts come back at once, ring
 * time is not waited for. Used with `startHost(dataDir, env)` from ./single-process-host.
 */
export async function startCarrierForHost(): Promise<CarrierForHost> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { api, voice, messaging } = STAND_IN_CARRIER;
  const carrier = new BandwidthStandIn({
    ...api,
    autoDeliveryCallbacks: true,
    timeScale: 0,
    messagingCallback: { url: `${base}/webhooks/bandwidth/messaging`, ...messaging },
    voiceApplication: { callInitiatedCallbackUrl: `${base}/bandwidth/voice/initiate`, callStatusCallbackUrl: `${base}/bandwidth/voice/status`, ...voice },
  });
  await carrier.start(0, '127.0.0.1');
  const env = {
    HTTP_PORT: String(port),
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([voice]),
    BANDWIDTH_ACCOUNT_ID: 'standin-account',
    BANDWIDTH_USERNAME: api.username,
    BANDWIDTH_PASSWORD: api.password,
    BANDWIDTH_MESSAGING_APPLICATION_ID: 'standin-messaging-app',
    BANDWIDTH_VOICE_APPLICATION_ID: 'standin-voice-app',
    BANDWIDTH_MESSAGING_BASE_URL: carrier.messagingBaseUrl,
    BANDWIDTH_LOOKUP_BASE_URL: carrier.lookupBaseUrl,
    BANDWIDTH_VOICE_BASE_URL: carrier.voiceBaseUrl,
    BANDWIDTH_CALLBACK_USERNAME: messaging.username,
    BANDWIDTH_CALLBACK_PASSWORD: messaging.password,
  };
  return { carrier, port, env };
}
