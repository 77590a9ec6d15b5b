import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256-only stand-in for the parts of `jose` lead-crm uses (RFC 7515/7519 compact JWS), for
 * Jest only: jose 6 is ESM-only and Jest's CommonJS registry on Node 20 cannot load it (the
 * compiled service loads the real jose through Node's require(esm)). Verifies the signature,
 * `alg`, `exp` and `nbf` like jose does; anything else throws.
 */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export class SignJWT {
  private header: Record<string, unknown> = {};
  private readonly claims: Record<string, unknown>;
  constructor(payload: Record<string, unknown>) {
    this.claims = { ...payload };
  }
  setProtectedHeader(h: Record<string, unknown>): this {
    this.header = h;
    return this;
  }
  setSubject(sub: string): this {
    this.claims.sub = sub;
    return this;
  }
  setIssuedAt(): this {
    this.claims.iat = Math.floor(Date.now() / 1000);
    return this;
  }
  setExpirationTime(exp: string): this {
    const m = /^(\d+)([smh])$/.exec(exp);
    const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : 600;
    this.claims.exp = Math.floor(Date.now() / 1000) + seconds;
    return this;
  }
  async sign(key: Uint8Array): Promise<string> {
    const input = `${b64(this.header)}.${b64(this.claims)}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  }
}

export async function jwtVerify(token: string, key: unknown, options: { algorithms?: string[] } = {}): Promise<{ payload: Record<string, unknown> }> {
  if (!(key instanceof Uint8Array)) throw new Error('stand-in supports HS256 secrets only');
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) throw new Error('Invalid Compact JWS');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'HS256' || (options.algorithms && !options.algorithms.includes(header.alg))) throw new Error('"alg" (Algorithm) Header Parameter value not allowed');
  const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Error('signature verification failed');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp === 'number' && payload.exp <= now) throw new Error('"exp" claim timestamp check failed');
  if (typeof payload.nbf === 'number' && payload.nbf > now) throw new Error('"nbf" claim timestamp check failed');
  return { payload };
}

export function createRemoteJWKSet(): never {
  throw new Error('stand-in supports HS256 secrets only');
}
