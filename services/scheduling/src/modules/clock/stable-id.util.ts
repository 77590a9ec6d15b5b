import { createHash } from 'node:crypto';

/**
 * A UUID derived from a stable key (SHA-256 of `key`, formatted as an RFC 9562 version-8 UUID).
 * The same key always gives the same id, so an event or send command re-emitted after a
 * redelivery or a crash is de-duplicated by the outbox and by messaging's `commandId`.
 */
export function stableId(key: string): string {
  const b = createHash('sha256').update(key).digest();
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
