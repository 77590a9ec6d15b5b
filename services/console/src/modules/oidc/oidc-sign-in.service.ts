import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConsoleUserRepository } from '../accounts/console-user.repository';
import { newSecret, type OpenedSession, sha256Hex, SignInService } from '../accounts/sign-in.service';
import { type OidcSettings } from '../console-settings';
import { OidcFlowRepository } from './oidc-flow.repository';
import { OidcProviderRegistry } from './oidc-provider.registry';
import { OidcSignInException, OidcSignInExceptionCode } from './oidc-sign-in.exception';

/** How long a started sign-in may take at the provider, ms (the flow cookie's lifetime too). */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;

/** A started sign-in: the provider URL to send the browser to and the flow cookie binding it to this browser. */
export interface StartedOidcFlow {
  authorizationUrl: string;
  flowCookieValue: string;
}

/** The callback's query: the code and state, or the provider's error; `iss` when the provider sends it (RFC 9207). */
export interface OidcCallback {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  iss?: string | undefined;
}

/** Which provider a sign-in starts at: the one of the email's domain, of a tenant slug, or the deployment's. */
export type OidcSignInTarget = { email: string } | { tenantSlug: string } | 'deployment';

/**
 * Sign-in through a franchise's OpenID Connect provider (authorization code flow with PKCE, state and nonce), one
 * provider per tenant ({@link OidcProviderRegistry}). The started flow remembers its tenant; the callback uses that
 * tenant's provider only (its issuer, its client id as the audience, its keys), and the provider's user becomes the
 * console user of that tenant with the same verified email, which must be in one of the tenant's declared domains.
 * So a user of tenant A is never signed in through B's provider, and B's provider cannot sign anyone into A. No role
 * comes from the provider: the role is the account's. A person the business has not created or invited (`textback
 * users create|invite`) is refused, unless the tenant declared a default role (dispatcher or location manager at named
 * locations): then a person with a verified email in its domains gets that account at first sign-in. The first sign-in binds the account to
 * the provider's subject (`sub`); a later token with the same email but another subject is refused (OpenID Connect
 * Core §5.7: an email is not a stable identifier). The session is the same cookie session as local sign-in.
 */
@Injectable()
export class OidcSignInService {
  constructor(
    private readonly providers: OidcProviderRegistry,
    private readonly flows: OidcFlowRepository,
    private readonly users: ConsoleUserRepository,
    private readonly signIn: SignInService,
  ) {}

  /** The deployment provider's button label, or null when there is none. */
  get providerName(): string | null {
    return this.providers.deploymentProviderName;
  }

  /** The button label of the tenant with slug `slug`'s own provider, or null when it has none usable. */
  async tenantProviderName(slug: string): Promise<string | null> {
    return this.providers.forSlug(slug).then(
      (p) => p.settings.providerName,
      (err: unknown) => {
        if (err instanceof OidcSignInException) return null;
        throw err;
      },
    );
  }

  /** Whether the sign-in page may offer "single sign-on by email" (tenants' own providers). */
  get tenantProvidersEnabled(): boolean {
    return this.providers.tenantProvidersEnabled;
  }

  /**
   * Starts a sign-in at `target`'s provider: fresh state, nonce and PKCE verifier (256 bits each), kept server-side
   * with the tenant under the SHA-256 of a new flow cookie.
   * @throws OidcSignInException NotConfigured, NoProvider; ProviderUnavailable when the discovery document cannot be read.
   */
  async start(target: OidcSignInTarget = 'deployment', now = new Date()): Promise<StartedOidcFlow> {
    const provider = target === 'deployment' ? this.providers.forDeployment() : 'email' in target ? await this.providers.forEmail(target.email) : await this.providers.forSlug(target.tenantSlug);
    const flow = { tenantId: provider.settings.tenantId, state: newSecret(), nonce: newSecret(), codeVerifier: newSecret() };
    const authorizationUrl = await provider.client.authorizationUrl({
      state: flow.state,
      nonce: flow.nonce,
      codeChallenge: createHash('sha256').update(flow.codeVerifier).digest('base64url'),
      ...(target !== 'deployment' && 'email' in target ? { loginHint: target.email.trim() } : {}),
    });
    const flowCookieValue = newSecret();
    await this.flows.deleteExpired(now); // abandoned sign-ins (indexed; usually none)
    await this.flows.create(sha256Hex(flowCookieValue), flow, new Date(now.getTime() + OIDC_FLOW_TTL_MS));
    return { authorizationUrl, flowCookieValue };
  }

  /**
   * Finishes a sign-in at the callback: the browser's flow (used once) must match `state`; the code is exchanged
   * with its verifier at the flow's tenant's provider; the ID token is verified (that provider's issuer, client id,
   * keys, and the flow's nonce) and mapped to a user of that tenant.
   * @throws OidcSignInException with the code the sign-in page explains.
   */
  async finish(flowCookieValue: string | undefined, callback: OidcCallback, now = new Date()): Promise<OpenedSession> {
    const flow = flowCookieValue ? await this.flows.take(sha256Hex(flowCookieValue), now) : null;
    if (!flow || !callback.state || !sameSecret(flow.state, callback.state)) throw new OidcSignInException(OidcSignInExceptionCode.FlowExpired, 'no sign-in of this browser matches the callback');
    const { settings: oidc, client } = flow.tenantId ? await this.providers.forTenant(flow.tenantId) : this.providers.forDeployment();
    // RFC 9207 (mix-up defence): a callback that names an issuer must name the flow's provider's.
    if (callback.iss !== undefined && callback.iss !== oidc.issuer) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, `the callback names issuer ${callback.iss}`);
    if (callback.error) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, `the provider answered ${callback.error}`);
    if (!callback.code) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, 'the callback carries no code');
    const identity = await client.verifyIdToken(await client.exchangeCode(callback.code, flow.codeVerifier), flow.nonce);
    if (!identity.email || !identity.emailVerified) throw new OidcSignInException(OidcSignInExceptionCode.EmailNotVerified, 'the provider does not vouch for an email of this user');
    if (oidc.emailDomains && !oidc.emailDomains.includes(identity.email.split('@')[1] ?? ''))
      throw new OidcSignInException(OidcSignInExceptionCode.DomainNotAllowed, 'the email is outside the domains this business signs in through its provider');
    const user = (await this.users.findByEmail(identity.email)) ?? (oidc.provisioning ? await this.provision(oidc.tenantId, oidc.provisioning, identity.email, identity.name) : null);
    if (!user || user.tenantId !== oidc.tenantId) throw new OidcSignInException(OidcSignInExceptionCode.UnknownUser, 'no console user of this business has that email');
    const bound = await this.flows.subjectOf(user.id, identity.issuer);
    if (bound !== null && bound !== identity.subject) throw new OidcSignInException(OidcSignInExceptionCode.SubjectMismatch, 'the account is bound to another user of the provider');
    if (!(await this.flows.bindSubject(user.id, identity.issuer, identity.subject)))
      throw new OidcSignInException(OidcSignInExceptionCode.SubjectMismatch, 'another account is bound to this user of the provider');
    return this.signIn.openSessionFor(user, now);
  }

  /** The account a tenant's default role gives a person of its domains at first sign-in (null when the email was just taken). */
  private provision(tenantId: string, provisioning: NonNullable<OidcSettings['provisioning']>, email: string, name: string | null) {
    return this.users.createIfAbsent({
      tenantId,
      email,
      name: name ?? email,
      role: provisioning.role,
      regionIds: [],
      locationIds: provisioning.locationIds,
      passwordHash: null,
      inviteCodeSha256: null,
      inviteExpiresAt: null,
    });
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
