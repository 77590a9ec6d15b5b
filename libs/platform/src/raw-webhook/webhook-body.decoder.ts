/**
 * Decoding of carrier webhook bodies from their raw bytes (never throws on bytes):
 * - A byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); otherwise UTF-8, the encoding both carriers document
 *   (CARRIER-APIS.md §2.2 `charset=utf-8`, §4.1 form bodies). Invalid UTF-8 sequences become U+FFFD instead of
 *   failing the whole request, so the valid events of a batch still count.
 */
export function decodeWebhookText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

/** The result of reading a body: a value, or why it could not be read. */
export type DecodedBody<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a JSON body from its raw bytes. */
export function parseJsonWebhookBody(bytes: Buffer): DecodedBody<unknown> {
  const text = decodeWebhookText(bytes);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `body is not JSON: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300) };
  }
}

/**
 * Parses an `application/x-www-form-urlencoded` body (Twilio) from its raw bytes: WHATWG URLSearchParams, a repeated
 * key becomes an array of its values (as Express's parser gives it, and as Twilio's signature algorithm reads it).
 */
export function parseFormWebhookBody(bytes: Buffer): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(decodeWebhookText(bytes))) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return params;
}
