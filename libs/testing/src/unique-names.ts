import { randomBytes } from 'node:crypto';

/** Random lower-case letters, for test-scoped schema and topic names. */
export function randomLetters(length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** A PostgreSQL schema name unique to one test file, e.g. `it_outbox_kqzmfw`. */
export function uniqueSchemaName(prefix: string): string {
  return `it_${prefix}_${randomLetters(8)}`;
}
