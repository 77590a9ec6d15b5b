import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignInThrottle } from '@textback/auth';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { type ConsoleUser } from './console-role.types';
import { ConsoleSessionRepository } from './console-session.repository';
import { ConsoleUserRepository, type StoredConsoleUser } from './console-user.repository';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordHasher } from './password-hasher';
import { SignInException, SignInExceptionCode } from './sign-in.exception';

/** A signed-in session: the cookie value (secret, HttpOnly), its CSRF token (readable by the page) and user. */
export interface OpenedSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
  user: ConsoleUser;
}

/** SHA-256 (hex) of a secret: sessions and invitation codes are stored only as this. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh random secret: 32 bytes, base64url (256 bits). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Local sign-in: email and password checked against the Argon2id hash, behind the {@link SignInThrottle} (failed
 * attempts per account and per client address); sessions are random 256-bit cookie values stored as SHA-256 with a
 * CSRF token each (synchronizer-token pattern, OWASP CSRF Prevention Cheat Sheet), sliding expiry of SESSION_TTL_HOURS.
 */
@Injectable()
export class SignInService {
  /** A hash verified when the email is unknown, so the answer takes as long as for a wrong password. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly users: ConsoleUserRepository,
    private readonly sessions: ConsoleSessionRepository,
    private readonly hasher: PasswordHasher,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * Opens a session for `email` and `password`, tried from client `address` (counted by the throttle: a refused
   * attempt costs no password hash, a successful one clears the account's failures).
   * @throws SignInException TooManyAttempts (with `retryAfterSeconds`) when the account or the address failed too
   *   often lately; BadCredentials (the same for an unknown email, a wrong password or a user who has not accepted
   *   their invitation yet).
   */
  async signIn(attempt: { email: string; password: string; address: string }, now = new Date()): Promise<OpenedSession> {
    const { email, password } = attempt;
    const admittedAt = now.getTime();
    const admission = this.throttle.admit({ account: email, address: attempt.address }, admittedAt);
    if (!admission.admitted)
      throw new SignInException(SignInExceptionCode.TooManyAttempts, `too many failed sign-ins; try again in ${admission.retryAfterSeconds} s`, admission.retryAfterSeconds);
    const user = await this.users.findByEmail(email);
    if (!user?.passwordHash) {
      this.decoyHash ??= this.hasher.hash('decoy-password-for-timing');
      await this.hasher.verify(await this.decoyHash, password);
      throw new SignInException(SignInExceptionCode.BadCredentials, 'wrong email or password');
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) throw new SignInException(SignInExceptionCode.BadCredentials, 'wrong email or password');
    this.throttle.succeeded({ account: email, address: attempt.address }, admittedAt);
    return this.open(user, now);
  }

  /**
   * Accepts an invitation (or a reset): the one-time code the operator CLI printed sets the password and signs in.
   * @throws SignInException BadInvitation for an unknown email, a wrong or expired code; WeakPassword.
   */
  async acceptInvitation(email: string, code: string, password: string, now = new Date()): Promise<OpenedSession> {
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
      throw new SignInException(SignInExceptionCode.WeakPassword, `a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
    const user = await this.users.findByEmail(email);
    const expected = user?.inviteCodeSha256;
    if (!user || !expected || !user.inviteExpiresAt || user.inviteExpiresAt <= now || !sameSecret(expected, sha256Hex(code.trim())))
      throw new SignInException(SignInExceptionCode.BadInvitation, 'the invitation code is wrong or has expired');
    await this.users.setPassword(user.id, await this.hasher.hash(password));
    return this.open(user, now);
  }

  /**
   * The user of a session cookie (its expiry slides forward).
   * @throws SignInException NoSession when the cookie is missing, unknown or expired, or its user is gone.
   */
  async authenticate(cookieValue: string | undefined, now = new Date()): Promise<{ user: ConsoleUser; csrfToken: string }> {
    if (!cookieValue) throw new SignInException(SignInExceptionCode.NoSession, 'sign in first');
    const session = await this.sessions.touch(sha256Hex(cookieValue), now, this.expiryFrom(now));
    const user = session && (await this.users.findById(session.userId));
    if (!session || !user) throw new SignInException(SignInExceptionCode.NoSession, 'the session has ended; sign in again');
    return { user: publicUser(user), csrfToken: session.csrfToken };
  }

  /**
   * Checks the CSRF token a state-changing request carried (header `x-csrf-token`) against the session's.
   * @throws SignInException BadCsrfToken when it is missing or different.
   */
  checkCsrf(expected: string, presented: string | undefined): void {
    if (!presented || !sameSecret(expected, presented)) throw new SignInException(SignInExceptionCode.BadCsrfToken, 'missing or wrong CSRF token');
  }

  async signOut(cookieValue: string | undefined): Promise<void> {
    if (cookieValue) await this.sessions.delete(sha256Hex(cookieValue));
  }

  /** Opens a session for a user whose identity was proven elsewhere (OpenID Connect sign-in). */
  openSessionFor(user: StoredConsoleUser, now = new Date()): Promise<OpenedSession> {
    return this.open(user, now);
  }

  private async open(user: StoredConsoleUser, now: Date): Promise<OpenedSession> {
    const cookieValue = newSecret();
    const csrfToken = newSecret();
    const expiresAt = this.expiryFrom(now);
    await this.sessions.create(sha256Hex(cookieValue), user.id, csrfToken, expiresAt);
    return { cookieValue, csrfToken, expiresAt, user: publicUser(user) };
  }

  private expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.settings.sessionTtlHours * 3_600_000);
  }
}

function publicUser(u: StoredConsoleUser): ConsoleUser {
  return { id: u.id, tenantId: u.tenantId, email: u.email, name: u.name, role: u.role, regionIds: u.regionIds, locationIds: u.locationIds };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
