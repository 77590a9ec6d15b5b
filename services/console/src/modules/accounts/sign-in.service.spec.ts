import { DEFAULT_SIGN_IN_THROTTLE, SignInThrottle } from '@textback/auth';
import { type ConsoleSettings } from '../console-settings';
import { type ConsoleSessionRepository, type SessionRecord } from './console-session.repository';
import { type ConsoleUserRepository, type StoredConsoleUser } from './console-user.repository';
import { PasswordHasher } from './password-hasher';
import { SignInExceptionCode } from './sign-in.exception';
import { sha256Hex, SignInService } from './sign-in.service';

const settings: ConsoleSettings = { sessionTtlHours: 2, cookieSecure: true, leadCrmUrl: 'http://crm', schedulingUrl: 'http://scheduling', reportingUrl: 'http://reporting', messagingUrl: 'http://messaging', jwt: { secret: 's'.repeat(32), issuer: 'i', audience: 'a' }, oidc: null, oidcRedirectUrl: null, oidcClientSecrets: {}, signInThrottle: DEFAULT_SIGN_IN_THROTTLE };
const now = new Date('2026-12-04T10:00:00Z');

/** In-memory stand-ins of the two repositories (their SQL is proven by the integration spec). */
function setup(users: StoredConsoleUser[]) {
  const sessions = new Map<string, SessionRecord>();
  const passwords = new Map<string, string>();
  const userRepo = {
    findByEmail: jest.fn(async (email: string) => users.find((u) => u.email === email.toLowerCase()) ?? null),
    findById: jest.fn(async (id: string) => users.find((u) => u.id === id) ?? null),
    setPassword: jest.fn(async (id: string, hash: string) => void passwords.set(id, hash)),
  } as unknown as ConsoleUserRepository;
  const sessionRepo = {
    create: jest.fn(async (sha: string, userId: string, csrfToken: string, expiresAt: Date) => void sessions.set(sha, { userId, csrfToken, expiresAt })),
    touch: jest.fn(async (sha: string, at: Date, renewTo: Date) => {
      const s = sessions.get(sha);
      if (!s || s.expiresAt <= at) return null;
      s.expiresAt = renewTo;
      return s;
    }),
    delete: jest.fn(async (sha: string) => void sessions.delete(sha)),
  } as unknown as ConsoleSessionRepository;
  return { service: new SignInService(userRepo, sessionRepo, new PasswordHasher(), settings, new SignInThrottle(settings.signInThrottle)), sessions, passwords };
}

const base = { tenantId: 't', name: 'Dana', role: 'dispatcher' as const, regionIds: [], locationIds: ['l'], inviteCodeSha256: null, inviteExpiresAt: null };

describe(SignInService.name, () => {
  let dana: StoredConsoleUser;
  beforeAll(async () => {
    dana = { ...base, id: 'u-1', email: 'dana@example.com', passwordHash: await new PasswordHasher().hash('correct horse') };
  });

  it('opens a session stored only as the SHA-256 of the cookie value, and finds it again by the cookie', async () => {
    const { service, sessions } = setup([dana]);
    const opened = await service.signIn({ email: 'Dana@Example.com', password: 'correct horse', address: '192.0.2.1' }, now);
    expect([...sessions.keys()]).toEqual([sha256Hex(opened.cookieValue)]);
    expect(opened.expiresAt).toEqual(new Date('2026-12-04T12:00:00Z'));
    const again = await service.authenticate(opened.cookieValue, new Date('2026-12-04T11:00:00Z'));
    expect(again).toEqual({ user: expect.objectContaining({ id: 'u-1', role: 'dispatcher' }), csrfToken: opened.csrfToken });
    await expect(service.authenticate(opened.cookieValue, new Date('2026-12-04T13:00:01Z'))).rejects.toMatchObject({ code: SignInExceptionCode.NoSession });
  });

  it('answers the same for a wrong password, an unknown email and an invited user without a password', async () => {
    const invited: StoredConsoleUser = { ...base, id: 'u-2', email: 'new@example.com', passwordHash: null };
    const { service } = setup([dana, invited]);
    for (const [email, password] of [['dana@example.com', 'wrong password'], ['nobody@example.com', 'correct horse'], ['new@example.com', 'anything at all']])
      await expect(service.signIn({ email: email!, password: password!, address: '192.0.2.1' }, now)).rejects.toMatchObject({ code: SignInExceptionCode.BadCredentials, message: 'wrong email or password' });
  });

  it('refuses the account with TooManyAttempts after its failures (before any password hash), and a success is never slowed', async () => {
    const { service } = setup([dana]);
    const from = (address: string, password: string) => service.signIn({ email: 'dana@example.com', password, address }, now);
    for (let i = 0; i < DEFAULT_SIGN_IN_THROTTLE.maxFailuresPerAccount; i++) await expect(from(`198.51.100.${i}`, 'guess')).rejects.toMatchObject({ code: SignInExceptionCode.BadCredentials });
    await expect(from('203.0.113.9', 'correct horse')).rejects.toMatchObject({ code: SignInExceptionCode.TooManyAttempts, retryAfterSeconds: DEFAULT_SIGN_IN_THROTTLE.windowMs / 1000 });
    // Another user's successful sign-ins from one address are never refused, however many.
    const { service: other } = setup([dana]);
    for (let i = 0; i < DEFAULT_SIGN_IN_THROTTLE.maxFailuresPerAddress + 5; i++) await expect(other.signIn({ email: 'dana@example.com', password: 'correct horse', address: '192.0.2.1' }, now)).resolves.toBeDefined();
  });

  it('accepts an invitation code once before it expires and sets the password', async () => {
    const invited: StoredConsoleUser = { ...base, id: 'u-3', email: 'inv@example.com', passwordHash: null, inviteCodeSha256: sha256Hex('the-code-123'), inviteExpiresAt: new Date('2026-12-05T00:00:00Z') };
    const { service, passwords } = setup([invited]);
    await expect(service.acceptInvitation('inv@example.com', 'wrong-code-1', 'new password', now)).rejects.toMatchObject({ code: SignInExceptionCode.BadInvitation });
    await expect(service.acceptInvitation('inv@example.com', 'the-code-123', 'short', now)).rejects.toMatchObject({ code: SignInExceptionCode.WeakPassword });
    await expect(service.acceptInvitation('inv@example.com', 'the-code-123', 'new password', new Date('2026-12-05T00:00:01Z'))).rejects.toMatchObject({ code: SignInExceptionCode.BadInvitation });
    const opened = await service.acceptInvitation('inv@example.com', 'the-code-123', 'new password', now);
    expect(opened.user.id).toBe('u-3');
    expect(await new PasswordHasher().verify(passwords.get('u-3')!, 'new password')).toBe(true);
  });

  it('refuses a missing or different CSRF token', () => {
    const { service } = setup([]);
    expect(() => service.checkCsrf('token-a', undefined)).toThrow(expect.objectContaining({ code: SignInExceptionCode.BadCsrfToken }));
    expect(() => service.checkCsrf('token-a', 'token-b')).toThrow(expect.objectContaining({ code: SignInExceptionCode.BadCsrfToken }));
    expect(() => service.checkCsrf('token-a', 'token-a')).not.toThrow();
  });
});
