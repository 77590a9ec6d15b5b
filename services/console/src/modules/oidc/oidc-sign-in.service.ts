import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConsoleUserRepository } from '../accounts/console-user.repository';
import { newSecret, type OpenedSession, sha256Hex, SignInService } from '../accounts/sign-in.service';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { OidcFlowRepository } from './oidc-flow.repository';
import { OidcProviderClient } from './oidc-provider.client';
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

/**
 * Sign-in through the franchise's OpenID Connect provider (authorization code flow with PKCE, state and nonce).
 * The provider's user becomes the console user of the configured tenant with the same (verified) email; no
 * account is created on the fly, so a person the business has not created or invited (`textback users create|invite`)
 * is refused, and nobody gains a role the business did not give them. The first sign-in binds the account to
 * the provider's subject (`sub`); a later token with the same email but another subject is refused (OpenID
 * Connect Core §5.7: an email is not a stable identifier). The session is the same cookie session as local
 * sign-in.
 */
@Injectable()
export class OidcSignInService {
  constructor(
    private readonly provider: OidcProviderClient,
    private readonly flows: OidcFlowRepository,
    private readonly users: ConsoleUserRepository,
    private readonly signIn: SignInService,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  /** Whether an identity provider is configured, and the sign-in button's label. */
  get providerName(): string | null {
    return this.settings.oidc?.providerName ?? null;
  }

  /**
   * Starts a sign-in: fresh state, nonce and PKCE verifier (256 bits each), kept server-side under the SHA-256 of
   * a new flow cookie.
   * @throws OidcSignInException NotConfigured; ProviderUnavailable when the discovery document cannot be read.
   */
  async start(now = new Date()): Promise<StartedOidcFlow> {
    if (!this.settings.oidc) throw new OidcSignInException(OidcSignInExceptionCode.NotConfigured, 'no identity provider is configured');
    const flow = { state: newSecret(), nonce: newSecret(), codeVerifier: newSecret() };
    const authorizationUrl = await this.provider.authorizationUrl({ state: flow.state, nonce: flow.nonce, codeChallenge: createHash('sha256').update(flow.codeVerifier).digest('base64url') });
    const flowCookieValue = newSecret();
    await this.flows.deleteExpired(now); // abandoned sign-ins (indexed; usually none)
    await this.flows.create(sha256Hex(flowCookieValue), flow, new Date(now.getTime() + OIDC_FLOW_TTL_MS));
    return { authorizationUrl, flowCookieValue };
  }

  /**
   * Finishes a sign-in at the callback: the browser's flow (used once) must match `state`; the code is exchanged
   * with its verifier; the ID token is verified (with the flow's nonce) and mapped to a user of the tenant.
   * @throws OidcSignInException with the code the sign-in page explains.
   */
  async finish(flowCookieValue: string | undefined, callback: OidcCallback, now = new Date()): Promise<OpenedSession> {
    const oidc = this.settings.oidc;
    if (!oidc) throw new OidcSignInException(OidcSignInExceptionCode.NotConfigured, 'no identity provider is configured');
    const flow = flowCookieValue ? await this.flows.take(sha256Hex(flowCookieValue), now) : null;
    if (!flow || !callback.state || !sameSecret(flow.state, callback.state)) throw new OidcSignInException(OidcSignInExceptionCode.FlowExpired, 'no sign-in of this browser matches the callback');
    // RFC 9207 (mix-up defence): a callback that names an issuer must name ours.
    if (callback.iss !== undefined && callback.iss !== oidc.issuer) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, `the callback names issuer ${callback.iss}`);
    if (callback.error) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, `the provider answered ${callback.error}`);
    if (!callback.code) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, 'the callback carries no code');
    const identity = await this.provider.verifyIdToken(await this.provider.exchangeCode(callback.code, flow.codeVerifier), flow.nonce);
    if (!identity.email || !identity.emailVerified) throw new OidcSignInException(OidcSignInExceptionCode.EmailNotVerified, 'the provider does not vouch for an email of this user');
    const user = await this.users.findByEmail(identity.email);
    if (!user || user.tenantId !== oidc.tenantId) throw new OidcSignInException(OidcSignInExceptionCode.UnknownUser, 'no console user of this business has that email');
    const bound = await this.flows.subjectOf(user.id, identity.issuer);
    if (bound !== null && bound !== identity.subject) throw new OidcSignInException(OidcSignInExceptionCode.SubjectMismatch, 'the account is bound to another user of the provider');
    if (!(await this.flows.bindSubject(user.id, identity.issuer, identity.subject)))
      throw new OidcSignInException(OidcSignInExceptionCode.SubjectMismatch, 'another account is bound to this user of the provider');
    return this.signIn.openSessionFor(user, now);
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
