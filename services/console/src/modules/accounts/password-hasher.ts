import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id parameters: OWASP Password Storage Cheat Sheet's first recommended setting (m = 19 MiB,
 * t = 2, p = 1; https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 * The PHC string stores them, so hashes made with older parameters still verify.
 */
export const ARGON2ID_PARAMS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest password accepted (NIST SP 800-63B §5.1.1.2: at least 8 characters for user-chosen secrets). */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted (NIST SP 800-63B allows capping at 64 or more; bounds hashing cost). */
export const MAX_PASSWORD_LENGTH = 256;

/** Password hashing with Argon2id (@node-rs/argon2), the memory-hard function the sign-in uses. */
export class PasswordHasher {
  /**
   * @returns the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
   * @throws RangeError when the password is shorter than {@link MIN_PASSWORD_LENGTH} or longer than {@link MAX_PASSWORD_LENGTH}.
   */
  async hash(password: string): Promise<string> {
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
    return hash(password, ARGON2ID_PARAMS);
  }

  /** Whether `password` matches the PHC string `stored`; false for a malformed hash. */
  async verify(stored: string, password: string): Promise<boolean> {
    if (password.length > MAX_PASSWORD_LENGTH) return false;
    return verify(stored, password).catch(() => false);
  }
}
