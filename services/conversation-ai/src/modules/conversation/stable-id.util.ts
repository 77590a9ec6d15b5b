import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-1 of `key`) that is the same for the same key: event ids and
 * send-command ids derived from the inbound event id, so a redelivery re-creates identical ids
 * (outbox and messaging de-duplicate on them).
 */
export function stableUuid(key: string): string {
  const h = createHash('sha1').update(`textback:conversation-ai:${key}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
