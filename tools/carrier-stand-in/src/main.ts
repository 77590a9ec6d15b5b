/**
 * The local Bandwidth stand-in as a process (docker compose `--profile carrier`, the demo): the
 * messaging, lookup and voice APIs in Bandwidth's documented wire formats, with delivery
 * callbacks sent back to messaging. Never for production.
 * Env: HTTP_PORT (default 4010), HTTP_HOST (default 0.0.0.0), BANDWIDTH_USERNAME /
 * BANDWIDTH_PASSWORD (if set, API calls need them), MESSAGING_CALLBACK_URL with
 * BANDWIDTH_CALLBACK_USERNAME / BANDWIDTH_CALLBACK_PASSWORD (where message-delivered and
 * message-received callbacks go; delivery callbacks are automatic when it is set).
 */
import { BandwidthStandIn } from '@textback/testing';

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.HTTP_PORT ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`HTTP_PORT must be a port number, got ${env.HTTP_PORT}`);
  const callbackUrl = env.MESSAGING_CALLBACK_URL;
  const standIn = new BandwidthStandIn({
    ...(env.BANDWIDTH_USERNAME ? { username: env.BANDWIDTH_USERNAME, password: env.BANDWIDTH_PASSWORD ?? '' } : {}),
    ...(callbackUrl ? { messagingCallback: { url: callbackUrl, username: env.BANDWIDTH_CALLBACK_USERNAME, password: env.BANDWIDTH_CALLBACK_PASSWORD } } : {}),
    autoDeliveryCallbacks: Boolean(callbackUrl),
  });
  await standIn.start(port, env.HTTP_HOST ?? '0.0.0.0');
  console.warn(`carrier stand-in (Bandwidth formats) on ${standIn.url}; messaging ${standIn.messagingBaseUrl}, lookup ${standIn.lookupBaseUrl}, voice ${standIn.voiceBaseUrl}`);
  const stop = () => {
    void standIn.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
