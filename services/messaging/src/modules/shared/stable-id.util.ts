import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-1 based, RFC 9562 §5.5) derived from `parts`, so that the same key always gives the
 * same id: the command id of a first text from its call id, of a keyword reply from the provider message id.
 */
export function stableUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(`textback.messaging:${parts.join('|')}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
