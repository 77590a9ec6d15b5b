/**
 * The local Bandwidth stand-in as a process (docker compose `--profile carrier`, the demo): the
 * messaging, lookup and voice APIs in Bandwidth's documented wire formats, with delivery
 * callbacks sent back to messaging. Never for production. Environment: see
 * config/carrier-stand-in.env.ts.
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
  });
  await standIn.start(env.HTTP_PORT, env.HTTP_HOST);
  console.warn(`carrier stand-in (Bandwidth formats) listening on ${env.HTTP_HOST}:${env.HTTP_PORT}; messaging /api/v2, lookup /v2, voice /api/v2`);
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
