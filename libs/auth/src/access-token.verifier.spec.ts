import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey, SignJWT, type JWTPayload } from 'jose';
import { AccessTokenVerifier, accessTokenOptionsFromEnv, InvalidAccessTokenError } from './access-token.verifier';

const TENANT_ID = '8f0c4f1e-3d2a-4b6c-9e7f-1a2b3c4d5e6f';
const LOCATION_ID = '2b7e1c9a-5f4d-4e3b-8a6c-0d9e8f7a6b5c';
const KID = 'test-key-1';

/** A JWKS-configured verifier against a local JWKS endpoint (node:http on 127.0.0.1, port 0). */
describe(AccessTokenVerifier.name, () => {
  let server: Server;
  let jwksUrl: string;
  let servedKey: CryptoKey;
  let otherKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const served = await generateKeyPair('RS256');
    servedKey = served.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(served.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] });
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

  const claims: JWTPayload = { tenantId: TENANT_ID, role: 'dispatcher', locationIds: [LOCATION_ID] };

  function sign(key: CryptoKey | Uint8Array, alg: string, kid: string | undefined, expiresAt: number | string = '5m', payload: JWTPayload = claims): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader(kid ? { alg, kid } : { alg })
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(key);
  }

  it('accepts a token signed with the served key and maps its claims to a scope', async () => {
    const verifier = new AccessTokenVerifier({ jwksUrl });
    await expect(verifier.verify(await sign(servedKey, 'RS256', KID))).resolves.toEqual({
      tenantId: TENANT_ID,
      userId: 'user-1',
      role: 'dispatcher',
      regionIds: [],
      locationIds: [LOCATION_ID],
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('rejects a token signed by another key, with or without the served kid', async () => {
    const verifier = new AccessTokenVerifier({ jwksUrl });
    await expect(verifier.verify(await sign(otherKey, 'RS256', KID))).rejects.toThrow(new InvalidAccessTokenError('signature verification failed'));
    await expect(verifier.verify(await sign(otherKey, 'RS256', 'unknown-kid'))).rejects.toThrow(/no applicable key/);
  });

  it('rejects an expired token', async () => {
    const verifier = new AccessTokenVerifier({ jwksUrl });
    const expired = await sign(servedKey, 'RS256', KID, Math.floor(Date.now() / 1000) - 60);
    await expect(verifier.verify(expired)).rejects.toThrow(/exp/);
  });

  it('rejects an HS256 token when only the JWKS is configured', async () => {
    const verifier = new AccessTokenVerifier({ jwksUrl });
    const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256');
    await expect(verifier.verify(await sign(secret, 'HS256', KID))).rejects.toThrow(/Unsupported "alg"/);
    await expect(verifier.verify(await sign(secret, 'HS256', undefined))).rejects.toThrow(/Unsupported "alg"/);
  });

  it('with a shared secret accepts HS256 only, checks issuer and audience, and without any key refuses every token', async () => {
    const secret = 'a-shared-secret-that-is-long-enough-for-hs256';
    const key = new TextEncoder().encode(secret);
    const verifier = new AccessTokenVerifier(accessTokenOptionsFromEnv({ JWT_SECRET: secret, JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'textback' }));
    const withIssuer = (payload: JWTPayload) => ({ ...payload, iss: 'https://idp.test', aud: 'textback' });
    await expect(verifier.verify(await sign(key, 'HS256', undefined, '5m', withIssuer(claims)))).resolves.toMatchObject({ tenantId: TENANT_ID, role: 'dispatcher' });
    await expect(verifier.verify(await sign(key, 'HS256', undefined, '5m', { ...withIssuer(claims), aud: 'another-app' }))).rejects.toThrow(/aud/);
    await expect(verifier.verify(await sign(key, 'HS256', undefined, '5m', claims))).rejects.toThrow(/iss/);
    await expect(verifier.verify(await sign(servedKey, 'RS256', KID, '5m', withIssuer(claims)))).rejects.toThrow(InvalidAccessTokenError);
    const unconfigured = new AccessTokenVerifier(accessTokenOptionsFromEnv({}));
    expect(unconfigured.configured).toBe(false);
    await expect(unconfigured.verify(await sign(key, 'HS256', undefined))).rejects.toThrow(/every token is refused/);
  });

  it('rejects a validly signed token whose claims are incomplete', async () => {
    const verifier = new AccessTokenVerifier({ jwksUrl });
    const token = await sign(servedKey, 'RS256', KID, '5m', { tenantId: 'not-a-uuid', role: 'agent' });
    await expect(verifier.verify(token)).rejects.toThrow(/invalid claims/);
  });
});
