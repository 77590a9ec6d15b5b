import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** The user the stand-in signs in at its authorization endpoint (there is no login form: it approves at once). */
export interface OidcStandInUser {
  sub: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
}

/** Ways the next ID token may break the rules, for tests that prove the relying party refuses it. */
export interface OidcStandInTampering {
  /** `aud` other than the client id. */
  audience?: string;
  /** `nonce` other than the one the authorization request carried. */
  nonce?: string;
  /** `iss` other than the stand-in's. */
  issuer?: string;
  /** Seconds from now of `exp` (negative: already expired). */
  expiresInSeconds?: number;
  /** Sign with HS256 and the client secret instead of the RS256 key in the JWKS (algorithm confusion). */
  signWithClientSecret?: boolean;
}

/** Options of {@link OidcStandIn}: the one registered client. */
export interface OidcStandInOptions {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs (exact match, OpenID Connect Core §3.1.2.1). */
  redirectUris: readonly string[];
  /** Port to listen on, 0 (default) for any free one; the issuer is `http://127.0.0.1:<port>`. */
  port?: number;
}

/** An authorization request the stand-in approved, as the relying party sent it. */
export interface OidcAuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

interface IssuedCode {
  request: OidcAuthorizationRequest;
  user: OidcStandInUser;
  expiresAt: number;
}

/** Lifetime of an authorization code, ms (RFC 6749 §4.1.2 recommends at most 10 minutes). */
const CODE_TTL_MS = 60_000;
/** Lifetime of an ID token, seconds. */
const ID_TOKEN_TTL_SECONDS = 300;

/**
 * A local stand-in for a franchise's OpenID Connect identity provider (the real one is outside our
 * infrastructure), speaking the wire format of OpenID Connect Core 1.0 and Discovery 1.0: the discovery document
 * (`/.well-known/openid-configuration`), the JWKS (`/jwks`, one RS256 key), the authorization endpoint
 * (`/authorize`: code flow only, PKCE S256 required, approves {@link signInAs}'s user at once and redirects with
 * `code`, `state`, `iss` (RFC 9207) and extra parameters as real providers add, or `error=access_denied` when no
 * user is set) and the token endpoint (`/token`:
 * `client_secret_basic` or `client_secret_post`, one-time codes bound to client, redirect URI and code verifier;
 * answers an RS256 ID token with `iss`, `aud`, `sub`, `email`, `email_verified`, `nonce`, `iat`, `exp`).
 */
export class OidcStandIn {
  private server: Server | null = null;
  private issuerUrl = '';
  private privateKey: CryptoKey | null = null;
  private publicJwk: JWK | null = null;
  private readonly codes = new Map<string, IssuedCode>();
  private user: OidcStandInUser | null = null;
  private tampering: OidcStandInTampering | null = null;
  /** Authorization requests approved so far (oldest first). */
  readonly authorizationRequests: OidcAuthorizationRequest[] = [];

  constructor(private readonly options: OidcStandInOptions) {}

  /** The issuer identifier (`http://127.0.0.1:<port>`), known after {@link start}. */
  get issuer(): string {
    return this.issuerUrl;
  }

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.publicJwk = { ...(await exportJWK(publicKey)), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => send(res, 500, { error: 'server_error', error_description: String(err) }));
    });
    await new Promise<void>((resolve) => server.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.server = server;
    this.issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The user the next authorization requests sign in (null: the user cancels, `error=access_denied`). */
  signInAs(user: OidcStandInUser | null): void {
    this.user = user;
  }

  /** Breaks the next ID token(s) the token endpoint issues in the given ways (null: issue valid tokens again). */
  tamper(tampering: OidcStandInTampering | null): void {
    this.tampering = tampering;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuerUrl);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') return send(res, 200, this.discovery());
    if (req.method === 'GET' && url.pathname === '/jwks') return send(res, 200, { keys: [this.publicJwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') return this.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') return this.token(req, await readBody(req), res);
    send(res, 404, { error: 'not_found' });
  }

  private discovery(): Record<string, unknown> {
    const i = this.issuerUrl;
    return {
      issuer: i,
      authorization_endpoint: `${i}/authorize`,
      token_endpoint: `${i}/token`,
      jwks_uri: `${i}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified', 'name'],
    };
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    // An unknown client or redirect URI gets an error page, never a redirect (RFC 6749 §4.1.2.1).
    if (clientId !== this.options.clientId || !this.options.redirectUris.includes(redirectUri)) return send(res, 400, { error: 'invalid_request', error_description: 'unknown client_id or redirect_uri' });
    const state = q.get('state') ?? '';
    const back = new URL(redirectUri);
    if (state) back.searchParams.set('state', state);
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      redirect(res, back.toString());
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'only the code flow');
    if (!(q.get('scope') ?? '').split(' ').includes('openid')) return fail('invalid_scope', 'openid is required');
    if (!q.get('code_challenge') || q.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'PKCE with S256 is required');
    if (!this.user) return fail('access_denied', 'the user cancelled');
    const request: OidcAuthorizationRequest = {
      clientId,
      redirectUri,
      scope: q.get('scope') ?? '',
      state,
      nonce: q.get('nonce'),
      codeChallenge: q.get('code_challenge'),
      codeChallengeMethod: q.get('code_challenge_method'),
    };
    this.authorizationRequests.push(request);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { request, user: this.user, expiresAt: Date.now() + CODE_TTL_MS });
    back.searchParams.set('code', code);
    // As real providers do: the issuer (RFC 9207) and parameters of their own (Google adds scope, authuser, prompt).
    back.searchParams.set('iss', this.issuerUrl);
    back.searchParams.set('scope', request.scope);
    back.searchParams.set('authuser', '0');
    redirect(res, back.toString());
  }

  private async token(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(raw);
    const client = clientCredentials(req, form);
    if (!client || client.id !== this.options.clientId || client.secret !== this.options.clientSecret) return send(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return send(res, 400, { error: 'unsupported_grant_type' });
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code); // one use only (RFC 6749 §4.1.2)
    if (!issued || issued.expiresAt < Date.now() || issued.request.clientId !== client.id || issued.request.redirectUri !== form.get('redirect_uri'))
      return send(res, 400, { error: 'invalid_grant', error_description: 'unknown, used or expired code, or another redirect_uri' });
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.request.codeChallenge) return send(res, 400, { error: 'invalid_grant', error_description: 'code_verifier does not match' });
    send(res, 200, { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: await this.idToken(issued) });
  }

  private async idToken(issued: IssuedCode): Promise<string> {
    const t = this.tampering ?? {};
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { email: issued.user.email, email_verified: issued.user.emailVerified ?? true };
    if (issued.user.name) claims.name = issued.user.name;
    const nonce = t.nonce ?? issued.request.nonce;
    if (nonce) claims.nonce = nonce;
    const jwt = new SignJWT(claims)
      .setIssuer(t.issuer ?? this.issuerUrl)
      .setAudience(t.audience ?? this.options.clientId)
      .setSubject(issued.user.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + (t.expiresInSeconds ?? ID_TOKEN_TTL_SECONDS));
    if (t.signWithClientSecret) return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(this.options.clientSecret));
    if (!this.privateKey || !this.publicJwk?.kid) throw new Error('OidcStandIn: start() first');
    return jwt.setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid }).sign(this.privateKey);
  }
}

function clientCredentials(req: IncomingMessage, form: URLSearchParams): { id: string; secret: string } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64.
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : null;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
