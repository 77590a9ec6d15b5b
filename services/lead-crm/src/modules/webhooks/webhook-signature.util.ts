import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of an outbound CRM webhook. */
export const WEBHOOK_HEADERS = {
  /** Unix time in seconds when the request was signed. */
  timestamp: 'x-textback-timestamp',
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the subscription secret>`. */
  signature: 'x-textback-signature',
  /** The event id (stable across retries: receivers de-duplicate on it). */
  eventId: 'x-textback-event-id',
  eventType: 'x-textback-event-type',
} as const;

/**
 * Signature of a webhook body: `v1=` + hex HMAC-SHA256 over `${timestamp}.${body}` with the
 * subscription's secret (the scheme Stripe and Svix use: the timestamp is signed so a captured
 * request cannot be replayed later with a new time).
 * @param timestamp Unix seconds.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature and compare in constant time, refusing a
 * timestamp more than `toleranceSeconds` away from `nowSeconds`.
 * @returns true when the request is authentic and fresh.
 */
export function verifyWebhookSignature(secret: string, headers: { timestamp: string | undefined; signature: string | undefined }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
