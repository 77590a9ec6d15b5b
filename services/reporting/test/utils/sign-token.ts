import { createHmac, timingSafeEqual } from 'node:crypto';
import { type JwtSignatureBackend } from '../../src/modules/auth/jwt-verifier';

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

/**
 * Signs an HS256 compact JWS (RFC 7515) with reporting's claims. Jest cannot load the ESM-only
 * `jose`, so tests sign and check with node:crypto; production verifies with jose.
 */
export async function signToken(secret: string, claims: { tenantId: string; role: string; regionIds?: string[]; locationIds?: string[] }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: `user-${claims.role}`, iat: now, exp: now + 3600, tenantId: claims.tenantId, role: claims.role, regionIds: claims.regionIds ?? [], locationIds: claims.locationIds ?? [] })}`;
  return Promise.resolve(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
}

/** HS256 verification with node:crypto (signature and `exp`), standing in for jose under Jest. */
export function hs256TestBackend(secret: string): JwtSignatureBackend {
  return {
    verify(token: string): Promise<unknown> {
      const [h, p, sig] = token.split('.');
      if (!h || !p || !sig) return Promise.reject(new Error('malformed JWS'));
      const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return Promise.reject(new Error('signature verification failed'));
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { exp?: number };
      if (typeof payload.exp !== 'number' || payload.exp < Date.now() / 1000) return Promise.reject(new Error('"exp" claim timestamp check failed'));
      return Promise.resolve(payload);
    },
  };
}
