/**
 * The local Bandwidth stand-in as a process (docker compose `--profile carrier`, the demo): the
 * messaging, lookup and voice APIs in Bandwidth's documented wire formats, with delivery
 * callbacks sent back to messaging, and callers it plays on request through its control API
 * (`POST /_standin/calls`, `POST /_standin/texts`, `GET /_standin/messages`; see README.md).
 * Never for production. Environment: see config/carrier-stand-in.env.ts.
 */
import { BandwidthStandIn } from '@textback/testing';
import { loadCarrierStandInEnv } from './config/carrier-stand-in.env';

async function main(): Promise<void> {
  const env = loadCarrierStandInEnv();
  const callbackUrl = env.MESSAGING_CALLBACK_URL;
  const standIn = new BandwidthStandIn({
    ...(env.BANDWIDTH_USERNAME ? { username: env.BANDWIDTH_USERNAME, password: env.BANDWIDTH_PASSWORD ?? '' } : {}),
    ...(callbackUrl ? { messagingCallback: { url: callbackUrl, username: env.BANDWIDTH_CALLBACK_USERNAME, password: env.BANDWIDTH_CALLBACK_PASSWORD } } : {}),
    autoDeliveryCallbacks: Boolean(callbackUrl),
    ...(env.VOICE_CALL_INITIATED_URL && env.VOICE_CALL_STATUS_URL
      ? {
          voiceApplication: {
            callInitiatedCallbackUrl: env.VOICE_CALL_INITIATED_URL,
            callStatusCallbackUrl: env.VOICE_CALL_STATUS_URL,
            ...(env.VOICE_CALLBACK_USERNAME ? { username: env.VOICE_CALLBACK_USERNAME, password: env.VOICE_CALLBACK_PASSWORD ?? '' } : {}),
            ...(env.VOICE_APPLICATION_ID ? { applicationId: env.VOICE_APPLICATION_ID } : {}),
            accountId: env.BANDWIDTH_ACCOUNT_ID,
          },
        }
      : {}),
    ...(env.VOICE_CALLBACK_URL_REWRITES ? { callbackUrlRewrites: env.VOICE_CALLBACK_URL_REWRITES } : {}),
    timeScale: env.CALLER_TIME_SCALE,
    controlApi: env.STANDIN_CONTROL_API,
  });
  await standIn.start(env.HTTP_PORT, env.HTTP_HOST);
  const caller = env.VOICE_CALL_INITIATED_URL ? `callers -> ${env.VOICE_CALL_INITIATED_URL}` : 'no Voice application (placing calls disabled)';
  const control = env.STANDIN_CONTROL_API ? `control API /_standin (${caller})` : 'control API off';
  console.warn(`carrier stand-in (Bandwidth formats) listening on ${env.HTTP_HOST}:${env.HTTP_PORT}; messaging /api/v2, lookup /v2, voice /api/v2; ${control}`);
  const stop = () => {
    void standIn.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
