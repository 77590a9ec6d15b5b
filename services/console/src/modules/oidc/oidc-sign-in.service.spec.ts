import { DEFAULT_SIGN_IN_THROTTLE, SignInThrottle } from '@textback/auth';
import { OidcStandIn } from '@textback/testing';
import { type ConsoleSessionRepository, type SessionRecord } from '../accounts/console-session.repository';
import { type ConsoleUserRepository, type NewConsoleUser, type StoredConsoleUser } from '../accounts/console-user.repository';
import { PasswordHasher } from '../accounts/password-hasher';
import { SignInService } from '../accounts/sign-in.service';
import { type ConsoleSettings, type OidcSettings } from '../console-settings';
import { type OidcFlowRecord, type OidcFlowRepository } from './oidc-flow.repository';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcProviderRegistry } from './oidc-provider.registry';
import { OidcSignInExceptionCode } from './oidc-sign-in.exception';
import { type OidcCallback, OidcSignInService } from './oidc-sign-in.service';
import { type TenantIdentityProviderRepository } from './tenant-identity-provider.repository';
import { type TenantIdentityProvider } from './tenant-identity-provider.types';

const TENANT = '6f1c0a4e-9d1b-4c55-8a43-2f8f4d0c0a01';
const OTHER_TENANT = '0b7b1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
/** A second franchise with its own identity provider (declared with `textback sso set`, here in memory). */
const BRAVO_TENANT = '7a1e2c3d-4b5f-4a6b-9c7d-8e9f0a1b2c3d';
const REDIRECT = 'http://127.0.0.1:3007/api/oidc/callback';

/**
 * The OpenID Connect relying party against the local identity-provider stand-in (real HTTP, real RS256 keys and
 * JWKS, in this process): the code flow with PKCE signs a known user in; a user the business does not have, an
 * ID token for another audience, with another nonce or issuer, expired, or signed with HS256 (algorithm
 * confusion), a callback with another state or a reused flow are all refused. The repositories are in-memory
 * stand-ins (their SQL is proven by the browser spec).
 */
describe(OidcSignInService.name, () => {
  const idp = new OidcStandIn({ clientId: 'textback-console', clientSecret: 'idp-client-secret-of-the-console', redirectUris: [REDIRECT] });
  let users: StoredConsoleUser[];
  let service: OidcSignInService;
  const flows = new Map<string, OidcFlowRecord & { expiresAt: Date }>();
  const subjects = new Map<string, string>();
  /** Bravo's own provider: another stand-in, another client id and secret. */
  const idpBravo = new OidcStandIn({ clientId: 'console-at-bravo', clientSecret: 'bravo-idp-secret-for-the-console', redirectUris: [REDIRECT] });
  const tenantProviders: TenantIdentityProvider[] = [];

  beforeAll(async () => {
    await idp.start();
    await idpBravo.start();
    const oidc: OidcSettings = { issuer: idp.issuer, clientId: 'textback-console', clientSecret: 'idp-client-secret-of-the-console', redirectUrl: REDIRECT, tenantId: TENANT, algorithms: ['RS256', 'ES256'], providerName: 'Acme SSO', emailDomains: null, provisioning: null };
    const settings: ConsoleSettings = {
      sessionTtlHours: 2,
      cookieSecure: true,
      leadCrmUrl: 'http://crm',
      schedulingUrl: 'http://scheduling',
      reportingUrl: 'http://reporting',
      messagingUrl: 'http://messaging',
      jwt: { secret: 's'.repeat(32), issuer: 'i', audience: 'a' },
      oidc,
      oidcRedirectUrl: REDIRECT,
      oidcClientSecrets: { OIDC_CLIENT_SECRET_BRAVO: 'bravo-idp-secret-for-the-console' },
      signInThrottle: DEFAULT_SIGN_IN_THROTTLE,
    };
    tenantProviders.push(
      { tenantId: BRAVO_TENANT, tenantSlug: 'bravo', providerName: 'Bravo SSO', issuer: idpBravo.issuer, clientId: 'console-at-bravo', clientSecretEnv: 'OIDC_CLIENT_SECRET_BRAVO', emailDomains: ['bravo.example'], algorithms: ['RS256'], defaultRole: null, defaultLocationIds: [], revision: 1 },
      { tenantId: OTHER_TENANT, tenantSlug: 'other', providerName: 'Other SSO', issuer: idpBravo.issuer, clientId: 'x', clientSecretEnv: 'OIDC_CLIENT_SECRET_MISSING', emailDomains: ['other.example'], algorithms: ['RS256'], defaultRole: null, defaultLocationIds: [], revision: 1 },
    );
    const providerRepo = {
      findByTenant: jest.fn(async (id: string) => tenantProviders.find((p) => p.tenantId === id) ?? null),
      findByEmailDomain: jest.fn(async (domain: string) => tenantProviders.find((p) => p.emailDomains.includes(domain)) ?? null),
      findBySlug: jest.fn(async (slug: string) => tenantProviders.find((p) => p.tenantSlug === slug) ?? null),
    } as unknown as TenantIdentityProviderRepository;
    const base = { name: 'x', role: 'dispatcher' as const, regionIds: [], locationIds: [], passwordHash: null, inviteCodeSha256: null, inviteExpiresAt: null };
    users = [
      { ...base, id: 'u-dana', tenantId: TENANT, email: 'dana@acme.example' },
      { ...base, id: 'u-olga', tenantId: OTHER_TENANT, email: 'olga@other.example' },
      { ...base, id: 'u-bea', tenantId: BRAVO_TENANT, email: 'bea@bravo.example' },
      // An Acme user whose email is in Bravo's domain: Bravo's provider must not sign them into Acme.
      { ...base, id: 'u-mallory', tenantId: TENANT, email: 'mallory@bravo.example' },
    ];
    const userRepo = {
      findByEmail: jest.fn(async (email: string) => users.find((u) => u.email === email.toLowerCase()) ?? null),
      createIfAbsent: jest.fn(async (u: NewConsoleUser) => {
        if (users.some((x) => x.email === u.email)) return null;
        const created = { ...u, id: `u-new-${users.length}`, regionIds: [...u.regionIds], locationIds: [...u.locationIds] };
        users.push(created);
        return created;
      }),
    } as unknown as ConsoleUserRepository;
    const sessions = new Map<string, SessionRecord>();
    const sessionRepo = { create: jest.fn(async (sha: string, userId: string, csrfToken: string, expiresAt: Date) => void sessions.set(sha, { userId, csrfToken, expiresAt })) } as unknown as ConsoleSessionRepository;
    const flowRepo = {
      create: jest.fn(async (sha: string, flow: OidcFlowRecord, expiresAt: Date) => void flows.set(sha, { ...flow, expiresAt })),
      take: jest.fn(async (sha: string, now: Date) => {
        const flow = flows.get(sha);
        flows.delete(sha);
        return flow && flow.expiresAt > now ? flow : null;
      }),
      deleteExpired: jest.fn(async () => 0),
      subjectOf: jest.fn(async (userId: string) => subjects.get(userId) ?? null),
      bindSubject: jest.fn(async (userId: string, _issuer: string, subject: string) => {
        if ([...subjects].some(([id, sub]) => sub === subject && id !== userId)) return false;
        subjects.set(userId, subject);
        return true;
      }),
    } as unknown as OidcFlowRepository;
    const signIn = new SignInService(userRepo, sessionRepo, new PasswordHasher(), settings, new SignInThrottle(settings.signInThrottle));
    service = new OidcSignInService(new OidcProviderRegistry(providerRepo, settings, (s) => new OidcProviderClient(s)), flowRepo, userRepo, signIn);
  });

  afterAll(async () => {
    await idp.stop();
    await idpBravo.stop();
  });
  afterEach(() => {
    idp.tamper(null);
    idpBravo.tamper(null);
    subjects.clear();
  });

  /** Starts a sign-in and follows the provider's redirect back, as the browser would: the callback's query. */
  async function throughProvider(email: string, sub = `sub-${email}`): Promise<{ flowCookie: string; callback: OidcCallback }> {
    idp.signInAs({ sub, email });
    const started = await service.start();
    const res = await fetch(started.authorizationUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    const q = back.searchParams;
    return { flowCookie: started.flowCookieValue, callback: { code: q.get('code') ?? undefined, state: q.get('state') ?? undefined, error: q.get('error') ?? undefined, iss: q.get('iss') ?? undefined } };
  }

  async function refusal(work: Promise<unknown>): Promise<string> {
    const err = (await work.then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string } | null;
    return err?.code ?? 'signed in';
  }

  it('signs a user of the tenant in through the code flow with PKCE S256, state and nonce', async () => {
    const { flowCookie, callback } = await throughProvider('Dana@Acme.example');
    const request = idp.authorizationRequests.at(-1);
    expect(request).toMatchObject({ clientId: 'textback-console', redirectUri: REDIRECT, codeChallengeMethod: 'S256' });
    expect(request?.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    expect(request?.nonce).toMatch(/^[\w-]{43}$/);
    const session = await service.finish(flowCookie, callback);
    expect(session.user).toMatchObject({ id: 'u-dana', tenantId: TENANT });
    expect(session.cookieValue).toMatch(/^[\w-]{43}$/);
  });

  it('refuses a person the business has no account for, and a user of another tenant', async () => {
    const stranger = await throughProvider('stranger@acme.example');
    await expect(refusal(service.finish(stranger.flowCookie, stranger.callback))).resolves.toBe(OidcSignInExceptionCode.UnknownUser);
    const other = await throughProvider('olga@other.example');
    await expect(refusal(service.finish(other.flowCookie, other.callback))).resolves.toBe(OidcSignInExceptionCode.UnknownUser);
  });

  it.each([
    ['another audience', { audience: 'some-other-client' }],
    ['another nonce', { nonce: 'a-nonce-from-another-request' }],
    ['another issuer', { issuer: 'https://evil.example' }],
    ['an expired token', { expiresInSeconds: -600 }],
    ['HS256 signed with the client secret (algorithm confusion)', { signWithClientSecret: true }],
  ])('refuses an ID token with %s', async (_what, tampering) => {
    const { flowCookie, callback } = await throughProvider('dana@acme.example');
    idp.tamper(tampering);
    await expect(refusal(service.finish(flowCookie, callback))).resolves.toBe(OidcSignInExceptionCode.InvalidIdToken);
  });

  it('refuses a callback with another state, without this browser\'s flow, naming another issuer (RFC 9207), or a flow used twice', async () => {
    const a = await throughProvider('dana@acme.example');
    await expect(refusal(service.finish(a.flowCookie, { ...a.callback, state: 'forged' }))).resolves.toBe(OidcSignInExceptionCode.FlowExpired);
    const b = await throughProvider('dana@acme.example');
    await expect(refusal(service.finish(undefined, b.callback))).resolves.toBe(OidcSignInExceptionCode.FlowExpired);
    const d = await throughProvider('dana@acme.example');
    await expect(refusal(service.finish(d.flowCookie, { ...d.callback, iss: 'https://another-provider.example' }))).resolves.toBe(OidcSignInExceptionCode.ProviderRefused);
    const c = await throughProvider('dana@acme.example');
    await service.finish(c.flowCookie, c.callback);
    await expect(refusal(service.finish(c.flowCookie, c.callback))).resolves.toBe(OidcSignInExceptionCode.FlowExpired);
  });

  it('refuses an unverified email, a cancelled sign-in, and a second subject for the same email', async () => {
    idp.signInAs({ sub: 'x', email: 'dana@acme.example', emailVerified: false });
    const started = await service.start();
    const back = new URL((await fetch(started.authorizationUrl, { redirect: 'manual' })).headers.get('location') ?? '');
    await expect(refusal(service.finish(started.flowCookieValue, { code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' }))).resolves.toBe(
      OidcSignInExceptionCode.EmailNotVerified,
    );
    idp.signInAs(null);
    const cancelled = await service.start();
    const denied = new URL((await fetch(cancelled.authorizationUrl, { redirect: 'manual' })).headers.get('location') ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    await expect(refusal(service.finish(cancelled.flowCookieValue, { error: 'access_denied', state: denied.searchParams.get('state') ?? '' }))).resolves.toBe(
      OidcSignInExceptionCode.ProviderRefused,
    );
    const first = await throughProvider('dana@acme.example', 'sub-original');
    await service.finish(first.flowCookie, first.callback);
    const second = await throughProvider('dana@acme.example', 'sub-someone-else');
    await expect(refusal(service.finish(second.flowCookie, second.callback))).resolves.toBe(OidcSignInExceptionCode.SubjectMismatch);
  });
  describe('a provider per tenant', () => {
    /** Starts at Bravo's provider (by email, or by slug) and follows its redirect back as `user`. */
    async function throughBravo(start: { email: string } | { tenantSlug: string }, user: { sub: string; email: string }): Promise<{ flowCookie: string; callback: OidcCallback }> {
      idpBravo.signInAs(user);
      const started = await service.start(start);
      expect(new URL(started.authorizationUrl).origin).toBe(idpBravo.issuer);
      const back = new URL((await fetch(started.authorizationUrl, { redirect: 'manual' })).headers.get('location') ?? '');
      const q = back.searchParams;
      return { flowCookie: started.flowCookieValue, callback: { code: q.get('code') ?? undefined, state: q.get('state') ?? undefined, iss: q.get('iss') ?? undefined } };
    }

    it('finds the provider by the email\'s domain (with login_hint) or the tenant\'s slug, and signs that tenant\'s user in there', async () => {
      const byEmail = await throughBravo({ email: 'Bea@Bravo.example' }, { sub: 'bravo-1', email: 'bea@bravo.example' });
      expect(idpBravo.authorizationRequests.at(-1)).toMatchObject({ clientId: 'console-at-bravo', redirectUri: REDIRECT, codeChallengeMethod: 'S256' });
      await expect(service.finish(byEmail.flowCookie, byEmail.callback)).resolves.toMatchObject({ user: { id: 'u-bea', tenantId: BRAVO_TENANT } });
      const bySlug = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-1', email: 'bea@bravo.example' });
      await expect(service.finish(bySlug.flowCookie, bySlug.callback)).resolves.toMatchObject({ user: { id: 'u-bea' } });
    });

    it('never signs a user of another tenant in through Bravo\'s provider, nor an email outside Bravo\'s domains', async () => {
      const mallory = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-2', email: 'mallory@bravo.example' });
      await expect(refusal(service.finish(mallory.flowCookie, mallory.callback))).resolves.toBe(OidcSignInExceptionCode.UnknownUser);
      const dana = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-3', email: 'dana@acme.example' });
      await expect(refusal(service.finish(dana.flowCookie, dana.callback))).resolves.toBe(OidcSignInExceptionCode.DomainNotAllowed);
    });

    it('checks issuer and audience against the flow\'s tenant: Acme\'s provider\'s answers do not finish a Bravo sign-in', async () => {
      const a = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-1', email: 'bea@bravo.example' });
      await expect(refusal(service.finish(a.flowCookie, { ...a.callback, iss: idp.issuer }))).resolves.toBe(OidcSignInExceptionCode.ProviderRefused);
      // A code Acme's provider issued, replayed into a Bravo flow: Bravo's token endpoint does not know it.
      const acme = await throughProvider('dana@acme.example');
      const b = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-1', email: 'bea@bravo.example' });
      await expect(refusal(service.finish(b.flowCookie, { ...b.callback, code: acme.callback.code }))).resolves.toBe(OidcSignInExceptionCode.ProviderRefused);
      for (const tampering of [{ audience: 'textback-console' }, { issuer: idp.issuer }]) {
        const c = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-1', email: 'bea@bravo.example' });
        idpBravo.tamper(tampering);
        await expect(refusal(service.finish(c.flowCookie, c.callback))).resolves.toBe(OidcSignInExceptionCode.InvalidIdToken);
        idpBravo.tamper(null);
      }
    });

    it('refuses a domain nobody claimed, an unknown slug, and a provider whose secret the console lacks', async () => {
      await expect(refusal(service.start({ email: 'someone@nowhere.example' }))).resolves.toBe(OidcSignInExceptionCode.NoProvider);
      await expect(refusal(service.start({ tenantSlug: 'nobody' }))).resolves.toBe(OidcSignInExceptionCode.NoProvider);
      await expect(refusal(service.start({ email: 'olga@other.example' }))).resolves.toBe(OidcSignInExceptionCode.NotConfigured);
    });
    it('gives a person of the tenant\'s domains without an account the declared default role at its locations, and nobody else', async () => {
      const bravo = tenantProviders[0]!;
      const denver = '3f0e9a52-6a7e-4c1f-9a55-1d2b3c4d5e6f';
      Object.assign(bravo, { defaultRole: 'dispatcher', defaultLocationIds: [denver], revision: 2 });
      try {
        const newcomer = await throughBravo({ email: 'nina@bravo.example' }, { sub: 'bravo-9', email: 'nina@bravo.example' });
        const session = await service.finish(newcomer.flowCookie, newcomer.callback);
        expect(session.user).toMatchObject({ tenantId: BRAVO_TENANT, email: 'nina@bravo.example', role: 'dispatcher', locationIds: [denver], regionIds: [] });
        // Still no account in Bravo for an email that belongs to a user of another tenant.
        const mallory = await throughBravo({ tenantSlug: 'bravo' }, { sub: 'bravo-2', email: 'mallory@bravo.example' });
        await expect(refusal(service.finish(mallory.flowCookie, mallory.callback))).resolves.toBe(OidcSignInExceptionCode.UnknownUser);
      } finally {
        Object.assign(bravo, { defaultRole: null, defaultLocationIds: [], revision: 3 });
      }
    });
  });
});
