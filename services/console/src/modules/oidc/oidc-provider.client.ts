import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { type OidcSettings } from '../console-settings';
import { OidcSignInException, OidcSignInExceptionCode } from './oidc-sign-in.exception';

/** How long a call to the identity provider (discovery, token endpoint) may take, milliseconds. */
export const OIDC_PROVIDER_TIMEOUT_MS = 10_000;
/** Clock skew tolerated on `exp` and `iat` of an ID token, seconds. */
export const ID_TOKEN_CLOCK_TOLERANCE_SECONDS = 60;
/** Oldest `iat` accepted: an ID token is used right after it is issued, seconds. */
export const ID_TOKEN_MAX_AGE_SECONDS = 600;

/** The fields of the discovery document the console uses (OpenID Connect Discovery 1.0 §3). */
const discoverySchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url({ protocol: /^https?$/ }),
  token_endpoint: z.url({ protocol: /^https?$/ }),
  jwks_uri: z.url({ protocol: /^https?$/ }),
});
type Discovery = z.infer<typeof discoverySchema>;

const tokenResponseSchema = z.object({ id_token: z.string().min(1), token_type: z.string().optional() });

/** What the ID token says about the user, after verification. */
export interface VerifiedIdentity {
  /** `iss` (the configured issuer). */
  issuer: string;
  /** `sub`: the provider's stable id of the user. */
  subject: string;
  /** `email`, lower-cased; null when the token carries none. */
  email: string | null;
  /** `email_verified === true`. */
  emailVerified: boolean;
  /** `name` (trimmed, at most 120 characters), or null. */
  name: string | null;
}

/** What the authorization request binds: the values the callback must match. */
export interface AuthorizationRequestParams {
  state: string;
  nonce: string;
  /** BASE64URL(SHA-256(code_verifier)) (RFC 7636 §4.2, method S256). */
  codeChallenge: string;
  /** The email the user typed, passed on as `login_hint` (Core §3.1.2.1) so the provider need not ask again. */
  loginHint?: string;
}

/**
 * The franchise's OpenID Connect identity provider, as a relying party sees it (OpenID Connect Core 1.0, the
 * authorization code flow with PKCE, RFC 7636): reads and caches the discovery document (whose `issuer` must be
 * the configured one exactly, Discovery §4.3), builds the authorization URL, exchanges the code at the token
 * endpoint with `client_secret_basic`, and verifies the ID token with `jose` against the provider's JWKS:
 * signature with a pinned asymmetric algorithm, `iss`, `aud` (and `azp` when there are several audiences),
 * `exp`, `iat` (at most {@link ID_TOKEN_MAX_AGE_SECONDS} old) and `nonce` (Core §3.1.3.7).
 */
export class OidcProviderClient {
  private discovered: Promise<{ doc: Discovery; keys: JWTVerifyGetKey }> | null = null;

  constructor(
    private readonly configured: OidcSettings | null,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  private get settings(): OidcSettings {
    if (!this.configured) throw new OidcSignInException(OidcSignInExceptionCode.NotConfigured, 'no identity provider is configured');
    return this.configured;
  }

  /** The provider's authorization URL for this request (`response_type=code`, `scope=openid email profile`). */
  async authorizationUrl(params: AuthorizationRequestParams): Promise<string> {
    const { doc } = await this.discovery();
    const url = new URL(doc.authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.settings.redirectUrl);
    url.searchParams.set('scope', 'openid email profile');
    url.searchParams.set('state', params.state);
    url.searchParams.set('nonce', params.nonce);
    url.searchParams.set('code_challenge', params.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
    if (params.loginHint) url.searchParams.set('login_hint', params.loginHint);
    return url.toString();
  }

  /**
   * Exchanges an authorization code for the ID token (token endpoint, `grant_type=authorization_code`).
   * @throws OidcSignInException ProviderRefused when the provider refuses the code; ProviderUnavailable when it
   *   cannot be reached or answers no ID token.
   */
  async exchangeCode(code: string, codeVerifier: string): Promise<string> {
    const { doc } = await this.discovery();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.settings.redirectUrl, code_verifier: codeVerifier });
    // client_secret_basic: id and secret form-urlencoded, then Base64 (RFC 6749 §2.3.1).
    const basic = Buffer.from(`${formEncode(this.settings.clientId)}:${formEncode(this.settings.clientSecret)}`).toString('base64');
    let res: Response;
    try {
      res = await this.fetchFn(doc.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: form.toString(),
        signal: AbortSignal.timeout(OIDC_PROVIDER_TIMEOUT_MS),
      });
    } catch (err) {
      throw new OidcSignInException(OidcSignInExceptionCode.ProviderUnavailable, `token endpoint unreachable: ${String(err)}`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.status >= 400 && res.status < 500) throw new OidcSignInException(OidcSignInExceptionCode.ProviderRefused, `token endpoint refused the code: ${JSON.stringify(body)}`);
    const parsed = tokenResponseSchema.safeParse(body);
    if (!res.ok || !parsed.success) throw new OidcSignInException(OidcSignInExceptionCode.ProviderUnavailable, `token endpoint answered ${res.status} without an ID token`);
    return parsed.data.id_token;
  }

  /**
   * Verifies an ID token for the authorization request that carried `nonce`.
   * @throws OidcSignInException InvalidIdToken on any failed check.
   */
  async verifyIdToken(idToken: string, nonce: string): Promise<VerifiedIdentity> {
    const { keys } = await this.discovery();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keys, {
        algorithms: [...this.settings.algorithms],
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
        maxTokenAge: ID_TOKEN_MAX_AGE_SECONDS,
        clockTolerance: ID_TOKEN_CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw new OidcSignInException(OidcSignInExceptionCode.InvalidIdToken, `ID token refused: ${err.message}`);
      throw new OidcSignInException(OidcSignInExceptionCode.ProviderUnavailable, `JWKS unavailable: ${String(err)}`);
    }
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== this.settings.clientId)
      throw new OidcSignInException(OidcSignInExceptionCode.InvalidIdToken, 'ID token refused: several audiences and "azp" is not this client');
    if (payload.nonce !== nonce) throw new OidcSignInException(OidcSignInExceptionCode.InvalidIdToken, 'ID token refused: "nonce" does not match the authorization request');
    const email = typeof payload.email === 'string' && payload.email.includes('@') ? payload.email.trim().toLowerCase() : null;
    const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim().slice(0, 120) : null;
    return { issuer: this.settings.issuer, subject: payload.sub ?? '', email, emailVerified: payload.email_verified === true, name };
  }

  /** The discovery document and its JWKS, fetched once (again after a failure). */
  private discovery(): Promise<{ doc: Discovery; keys: JWTVerifyGetKey }> {
    this.discovered ??= this.discover().catch((err: unknown) => {
      this.discovered = null;
      throw err;
    });
    return this.discovered;
  }

  private async discover(): Promise<{ doc: Discovery; keys: JWTVerifyGetKey }> {
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const res = await this.fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(OIDC_PROVIDER_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = await res.json();
    } catch (err) {
      throw new OidcSignInException(OidcSignInExceptionCode.ProviderUnavailable, `discovery document ${url} unavailable: ${String(err)}`);
    }
    const parsed = discoverySchema.safeParse(body);
    if (!parsed.success) throw new OidcSignInException(OidcSignInExceptionCode.ProviderUnavailable, `discovery document ${url} is not OpenID Connect: ${parsed.error.message}`);
    if (parsed.data.issuer !== this.settings.issuer)
      throw new OidcSignInException(OidcSignInExceptionCode.ProviderUnavailable, `discovery document names issuer ${parsed.data.issuer}, not the configured ${this.settings.issuer}`);
    return { doc: parsed.data, keys: createRemoteJWKSet(new URL(parsed.data.jwks_uri), { timeoutDuration: OIDC_PROVIDER_TIMEOUT_MS }) };
  }
}

/** application/x-www-form-urlencoded encoding of one value (spaces as `+`). */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
