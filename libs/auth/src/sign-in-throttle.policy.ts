import { LRUCache } from 'lru-cache';

/** How many failed sign-ins are allowed, per account and per client address, within a sliding window. */
export interface SignInThrottleLimits {
  /** Failed attempts on one account (its normalised email) within the window before it is refused, e.g. 5. */
  maxFailuresPerAccount: number;
  /** Failed attempts from one client address within the window before it is refused, e.g. 20 (offices share an address). */
  maxFailuresPerAddress: number;
  /** The sliding window, milliseconds (e.g. 15 minutes). */
  windowMs: number;
  /**
   * Accounts and addresses tracked at once (least recently failed forgotten first), bounding memory under an attack
   * from many addresses: about 200 bytes per key. Default 50,000.
   */
  maxTrackedKeys?: number;
}

/**
 * The defaults: 5 failures per account and 20 per address in 15 minutes (OWASP Authentication Cheat Sheet, "Login
 * Throttling": a handful of attempts per account, then a delay; NIST SP 800-63B 5.2.2 allows at most 100).
 */
export const DEFAULT_SIGN_IN_THROTTLE: Readonly<SignInThrottleLimits> = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000 };

/** One sign-in attempt: who it claims to be and where it comes from. */
export interface SignInAttempt {
  /** The account named (an email; compared case-insensitively, spaces trimmed). */
  account: string;
  /** The client's address (`req.ip`: the socket's, or the proxy's `X-Forwarded-For` entry when the proxy is trusted). */
  address: string;
}

/** The answer of {@link SignInThrottle.admit}: go ahead, or refused with how long to wait. */
export type SignInAdmission = { admitted: true } | { admitted: false; retryAfterSeconds: number; limitedBy: 'account' | 'address' };

/**
 * Brute-force protection for a password sign-in: a sliding-window log of failed attempts per account and per client
 * address. An attempt is admitted while both have fewer than their limit of failures in the last `windowMs`, and is
 * counted as a failure from the moment it is admitted (so a burst of parallel guesses cannot slip past the limit while
 * the password hashes are verified); {@link succeeded} takes that count back and clears the account's failures, so a
 * successful sign-in is never slowed and a user who mistyped starts afresh. A refused attempt is not counted (waiting
 * out `retryAfterSeconds` always works) and costs no password hash.
 *
 * In memory, per process: with R replicas of the console an attacker gets at most R times the budget, and a restart
 * forgets the counts. Anyone can lock an account out for one window by failing on purpose (the price of a per-account
 * limit); the address limit is higher because an office's staff share one address. Times are milliseconds since the
 * epoch, passed in by the caller.
 */
export class SignInThrottle {
  private readonly failures: LRUCache<string, number[]>;

  constructor(private readonly limits: SignInThrottleLimits = DEFAULT_SIGN_IN_THROTTLE) {
    if (limits.maxFailuresPerAccount < 1 || limits.maxFailuresPerAddress < 1 || limits.windowMs <= 0) throw new Error('sign-in throttle limits must be positive');
    this.failures = new LRUCache({ max: limits.maxTrackedKeys ?? 50_000 });
  }

  /**
   * Admits `attempt` at `nowMs` (and counts it as a failure until {@link succeeded}), or refuses it when its account or
   * its address already failed their limit within the window.
   * @returns `retryAfterSeconds` (whole seconds, at least 1) until the oldest failure in the way leaves the window.
   */
  admit(attempt: SignInAttempt, nowMs: number): SignInAdmission {
    const account = this.recent(accountKey(attempt), nowMs);
    const address = this.recent(addressKey(attempt), nowMs);
    const refusals: { limitedBy: 'account' | 'address'; until: number }[] = [];
    if (account.length >= this.limits.maxFailuresPerAccount) refusals.push({ limitedBy: 'account', until: this.freedAt(account, this.limits.maxFailuresPerAccount) });
    if (address.length >= this.limits.maxFailuresPerAddress) refusals.push({ limitedBy: 'address', until: this.freedAt(address, this.limits.maxFailuresPerAddress) });
    if (refusals.length > 0) {
      const last = refusals.reduce((a, b) => (b.until > a.until ? b : a));
      return { admitted: false, limitedBy: last.limitedBy, retryAfterSeconds: Math.max(1, Math.ceil((last.until - nowMs) / 1000)) };
    }
    this.failures.set(accountKey(attempt), [...account, nowMs]);
    this.failures.set(addressKey(attempt), [...address, nowMs]);
    return { admitted: true };
  }

  /**
   * The attempt admitted at `admittedAtMs` signed in: its provisional failure is taken back from the address, and the
   * account's failures are cleared.
   */
  succeeded(attempt: SignInAttempt, admittedAtMs: number): void {
    this.failures.delete(accountKey(attempt));
    const address = this.failures.get(addressKey(attempt));
    const at = address?.indexOf(admittedAtMs) ?? -1;
    if (address && at >= 0) address.splice(at, 1);
  }

  /** Failures of `key` inside the window ending at `nowMs`, oldest first. */
  private recent(key: string, nowMs: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.limits.windowMs);
  }

  /** When enough of `times` (oldest first) have left the window for one more attempt under `limit`. */
  private freedAt(times: readonly number[], limit: number): number {
    return (times[times.length - limit] ?? 0) + this.limits.windowMs;
  }
}

function accountKey(attempt: SignInAttempt): string {
  return `account:${attempt.account.trim().toLowerCase()}`;
}

function addressKey(attempt: SignInAttempt): string {
  return `address:${attempt.address}`;
}
