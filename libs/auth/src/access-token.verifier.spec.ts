import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { signAccessToken } from './access-token.signer';
import { AccessTokenVerifier, accessTokenOptionsFromEnv, InvalidAccessTokenError } from './access-token.verifier';
import { jwtEnvShape } from './jwt-env.schema';

const TENANT_ID = '8f0c4f1e-3d2a-4b6c-9e7f-1a2b3c4d5e6f';
const LOCATION_ID = '2b7e1c9a-5f4d-4e3b-8a6c-0d9e8f7a6b5c';
const KID = 'test-key-1';
const EC_KID = 'test-key-ec';
const ISSUER = 'https://idp.test';
const AUDIENCE = 'textback-api';
const SECRET = 'a-shared-secret-that-is-long-enough-for-hs256';

/** A JWKS-configured verifier against a local JWKS endpoint (node:http on 127.0.0.1, port 0). */
describe(AccessTokenVerifier.name, () => {
  let server: Server;
  let jwksUrl: string;
  let servedKey: CryptoKey;
  let servedEcKey: CryptoKey;
  let otherKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const served = await generateKeyPair('RS256');
    const servedEc = await generateKeyPair('ES256');
    servedKey = served.privateKey;
    servedEcKey = servedEc.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwks = JSON.stringify({
      keys: [
        { ...(await exportJWK(served.publicKey)), kid: KID, alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(servedEc.publicKey)), kid: EC_KID, alg: 'ES256', use: 'sig' },
      ],
    });
    server = createServer((req, res) => {
      jwksRequests += 1;
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const claims: JWTPayload = { tenantId: TENANT_ID, role: 'dispatcher', locationIds: [LOCATION_ID], iss: ISSUER, aud: AUDIENCE };
  const now = () => Math.floor(Date.now() / 1000);
  const jwks = (extra: Partial<ConstructorParameters<typeof AccessTokenVerifier>[0]> = {}) => new AccessTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, ...extra });
  const shared = (extra: Partial<ConstructorParameters<typeof AccessTokenVerifier>[0]> = {}) => new AccessTokenVerifier({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, ...extra });
  const hsKey = new TextEncoder().encode(SECRET);

  /** Signs `payload` (defaults: sub user-1, iat now, exp in 5 min); `exp: null` / `iat: null` leave the claim out. */
  function sign(key: CryptoKey | Uint8Array, alg: string, kid: string | undefined, options: { exp?: number | string | null; iat?: number | null; payload?: JWTPayload } = {}): Promise<string> {
    const jwt = new SignJWT(options.payload ?? claims).setProtectedHeader(kid ? { alg, kid } : { alg }).setSubject('user-1');
    if (options.iat !== null) jwt.setIssuedAt(options.iat ?? now());
    if (options.exp !== null) jwt.setExpirationTime(options.exp ?? '5m');
    return jwt.sign(key);
  }

  it('accepts a token signed with the served key and maps its claims to a scope', async () => {
    await expect(jwks().verify(await sign(servedKey, 'RS256', KID))).resolves.toEqual({
      tenantId: TENANT_ID,
      userId: 'user-1',
      role: 'dispatcher',
      regionIds: [],
      locationIds: [LOCATION_ID],
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('rejects a token signed by another key, with or without the served kid', async () => {
    await expect(jwks().verify(await sign(otherKey, 'RS256', KID))).rejects.toThrow(new InvalidAccessTokenError('signature verification failed'));
    await expect(jwks().verify(await sign(otherKey, 'RS256', 'unknown-kid'))).rejects.toThrow(/no applicable key/);
  });

  it('rejects an expired token', async () => {
    await expect(jwks().verify(await sign(servedKey, 'RS256', KID, { exp: now() - 60 }))).rejects.toThrow(/exp/);
  });

  it('rejects a correctly signed token without exp (it would never expire), in JWKS and secret mode', async () => {
    await expect(jwks().verify(await sign(servedKey, 'RS256', KID, { exp: null }))).rejects.toThrow(/missing required "exp" claim/);
    await expect(shared().verify(await sign(hsKey, 'HS256', undefined, { exp: null }))).rejects.toThrow(/missing required "exp" claim/);
  });

  it('rejects a lifetime above the maximum: exp - iat, and exp - now when there is no iat', async () => {
    const day = 86_400;
    await expect(shared().verify(await sign(hsKey, 'HS256', undefined, { iat: now() - 60, exp: now() + day - 120 }))).resolves.toMatchObject({ role: 'dispatcher' });
    await expect(shared().verify(await sign(hsKey, 'HS256', undefined, { iat: now() - 3_600, exp: now() + day - 60 }))).rejects.toThrow(/lifetime .* exceeds 86400 s/);
    await expect(shared().verify(await sign(hsKey, 'HS256', undefined, { iat: null, exp: now() + day + 60 }))).rejects.toThrow(/more than 86400 s away/);
    await expect(shared({ maxLifetimeSeconds: 600 }).verify(await sign(hsKey, 'HS256', undefined, { exp: '1h' }))).rejects.toThrow(/exceeds 600 s|more than 600 s/);
  });

  it('requires the configured issuer and audience', async () => {
    const without = (claim: 'iss' | 'aud') => Object.fromEntries(Object.entries(claims).filter(([k]) => k !== claim));
    await expect(jwks().verify(await sign(servedKey, 'RS256', KID, { payload: without('iss') }))).rejects.toThrow(/"iss"/);
    await expect(jwks().verify(await sign(servedKey, 'RS256', KID, { payload: { ...claims, iss: 'https://other-idp.test' } }))).rejects.toThrow(/"iss"/);
    await expect(jwks().verify(await sign(servedKey, 'RS256', KID, { payload: without('aud') }))).rejects.toThrow(/"aud"/);
    await expect(shared().verify(await sign(hsKey, 'HS256', undefined, { payload: { ...claims, aud: 'another-app' } }))).rejects.toThrow(/"aud"/);
    expect(() => new AccessTokenVerifier({ secret: SECRET, issuer: '', audience: AUDIENCE })).toThrow(/issuer and audience are required/);
  });

  it('pins JWKS algorithms to the allow-list (default RS256,ES256) and never accepts HS256 from a JWKS', async () => {
    await expect(jwks().verify(await sign(servedEcKey, 'ES256', EC_KID))).resolves.toMatchObject({ tenantId: TENANT_ID });
    await expect(jwks({ algorithms: ['RS256'] }).verify(await sign(servedEcKey, 'ES256', EC_KID))).rejects.toThrow(/"alg" \(Algorithm\) Header Parameter value not allowed/);
    await expect(jwks({ algorithms: ['ES256'] }).verify(await sign(servedKey, 'RS256', KID))).rejects.toThrow(/not allowed/);
    await expect(jwks().verify(await sign(hsKey, 'HS256', KID))).rejects.toThrow(/not allowed/);
    await expect(jwks().verify(await sign(hsKey, 'HS256', undefined))).rejects.toThrow(/not allowed/);
    expect(() => jwks({ algorithms: ['HS256' as 'RS256'] })).toThrow(/JWKS algorithms must be among/);
  });

  it('with a shared secret accepts HS256 only; refuses a secret under 32 characters; without any key refuses every token', async () => {
    const verifier = new AccessTokenVerifier(accessTokenOptionsFromEnv({ JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE }));
    await expect(verifier.verify(await sign(hsKey, 'HS256', undefined))).resolves.toMatchObject({ tenantId: TENANT_ID, role: 'dispatcher' });
    await expect(verifier.verify(await sign(servedKey, 'RS256', KID))).rejects.toThrow(InvalidAccessTokenError);
    expect(() => new AccessTokenVerifier({ secret: 'only-sixteen-chr', issuer: ISSUER, audience: AUDIENCE })).toThrow(/at least 32 characters/);
    const unconfigured = new AccessTokenVerifier(accessTokenOptionsFromEnv({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE }));
    expect(unconfigured.configured).toBe(false);
    await expect(unconfigured.verify(await sign(hsKey, 'HS256', undefined))).rejects.toThrow(/every token is refused/);
  });

  it('verifies what signAccessToken issues (the one minting idiom of tools and tests)', async () => {
    const token = await signAccessToken({ tenantId: TENANT_ID, role: 'owner', userId: 'owner-1' }, { secret: SECRET, issuer: ISSUER, audience: AUDIENCE });
    await expect(shared().verify(token)).resolves.toEqual({ tenantId: TENANT_ID, userId: 'owner-1', role: 'owner', regionIds: [], locationIds: [] });
    await expect(signAccessToken({ tenantId: TENANT_ID, role: 'owner', userId: 'u' }, { secret: 'short', issuer: ISSUER, audience: AUDIENCE })).rejects.toThrow(/at least 32/);
  });

  it('rejects a validly signed token whose claims are incomplete', async () => {
    const token = await sign(servedKey, 'RS256', KID, { payload: { tenantId: 'not-a-uuid', role: 'agent', iss: ISSUER, aud: AUDIENCE } });
    await expect(jwks().verify(token)).rejects.toThrow(/invalid claims/);
  });
});

describe('jwtEnvShape', () => {
  const schema = z.object(jwtEnvShape);
  const issues = (env: Record<string, string>) => {
    const result = schema.safeParse(env);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('requires JWT_ISSUER and JWT_AUDIENCE and a secret of at least 32 characters (every service, reporting included)', () => {
    expect(issues({})).toEqual([expect.stringMatching(/^JWT_ISSUER: required/), expect.stringMatching(/^JWT_AUDIENCE: required/)]);
    expect(issues({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_SECRET: 'sixteen-chars-ok' })).toEqual(['JWT_SECRET: must be at least 32 characters']);
  });

  it('defaults JWT_ALGORITHMS to RS256,ES256 and JWT_MAX_LIFETIME_SECONDS to 24 h, and refuses HMAC or none in the allow-list', () => {
    expect(schema.parse({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE })).toMatchObject({ JWT_ALGORITHMS: ['RS256', 'ES256'], JWT_MAX_LIFETIME_SECONDS: 86_400 });
    expect(schema.parse({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_ALGORITHMS: 'ES384, EdDSA' }).JWT_ALGORITHMS).toEqual(['ES384', 'EdDSA']);
    expect(issues({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_ALGORITHMS: 'RS256,HS256' })).toEqual([expect.stringMatching(/^JWT_ALGORITHMS\.1: each must be one of/)]);
    expect(issues({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_ALGORITHMS: 'none' })).toHaveLength(1);
  });
});
