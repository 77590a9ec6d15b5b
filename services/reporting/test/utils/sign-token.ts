import { createHmac } from 'node:crypto';

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

/**
 * Signs an HS256 compact JWS (RFC 7515) with Textback's access-token claims (node:crypto, so the
 * test does not share code with the verifier it checks: @textback/auth verifies it with jose).
 */
/** Issuer and audience of the test tokens (the services under test require them: JWT_ISSUER, JWT_AUDIENCE). */
export const TEST_TOKEN_ISSUER = 'https://auth.textback.test';
export const TEST_TOKEN_AUDIENCE = 'textback-api';

export async function signToken(secret: string, claims: { tenantId: string; role: string; regionIds?: string[]; locationIds?: string[] }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: `user-${claims.role}`, iss: TEST_TOKEN_ISSUER, aud: TEST_TOKEN_AUDIENCE, iat: now, exp: now + 3600, tenantId: claims.tenantId, role: claims.role, regionIds: claims.regionIds ?? [], locationIds: claims.locationIds ?? [] })}`;
  return Promise.resolve(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
}
