import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** One HTTP Basic pair a carrier sends on its callbacks (e.g. a Bandwidth Voice application's `CallbackCreds`). */
export const basicCredentialSchema = z.object({
  /** When set, the pair is only valid for callbacks naming this carrier application (`applicationId`). */
  applicationId: z.string().min(1).optional(),
  username: z.string().min(1),
  password: z.string().min(8, 'must be at least 8 characters'),
});
export type BasicCredential = z.infer<typeof basicCredentialSchema>;

/**
 * Env value holding a JSON list of {@link BasicCredential} (e.g. `BANDWIDTH_VOICE_CALLBACK_CREDENTIALS=
 * [{"applicationId":"…","username":"tb-voice","password":"…"}]`); an empty string is the empty list.
 */
export const basicCredentialListSchema = z
  .string()
  .transform((s, ctx) => {
    if (s.trim() === '') return [];
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list' });
      return z.NEVER;
    }
  })
  .pipe(z.array(basicCredentialSchema));

/** SHA-256 of a string: what {@link matchBasicCredential} compares, in constant time and whatever the lengths. */
function digestOf(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Digests of the configured pairs, computed once per credential object (the configuration's list lives as long as
 * the process): a callback then costs two hashes (its username and password), not four per configured pair.
 */
const configuredDigests = new WeakMap<BasicCredential, { username: Buffer; password: Buffer }>();

function digestsOf(credential: BasicCredential): { username: Buffer; password: Buffer } {
  let digests = configuredDigests.get(credential);
  if (!digests) {
    digests = { username: digestOf(credential.username), password: digestOf(credential.password) };
    configuredDigests.set(credential, digests);
  }
  return digests;
}

/**
 * The configured credential an `Authorization: Basic …` header matches, compared in constant
 * time (every entry is evaluated, over SHA-256 digests so lengths do not leak). An entry bound to an `applicationId`
 * matches only when `applicationId` (from the callback body) is absent or the same.
 * @returns null when the header is missing, malformed or matches no entry.
 */
export function matchBasicCredential(header: string | string[] | undefined, credentials: readonly BasicCredential[], applicationId?: string): BasicCredential | null {
  const m = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const username = digestOf(decoded.slice(0, colon));
  const password = digestOf(decoded.slice(colon + 1));
  let found: BasicCredential | null = null;
  for (const c of credentials) {
    const configured = digestsOf(c);
    // Both comparisons always run (no short-circuit), so the time does not tell which half differed.
    const sameUser = timingSafeEqual(configured.username, username);
    const samePassword = timingSafeEqual(configured.password, password);
    const applicationOk = !c.applicationId || applicationId === undefined || c.applicationId === applicationId;
    if (sameUser && samePassword && applicationOk && !found) found = c;
  }
  return found;
}
