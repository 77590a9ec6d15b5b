import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ACCESS_ROLES, type AccessScope } from './access-scope.types';

/**
 * Where signing keys come from: a JWKS URL (RS256/ES256/..., Kubernetes deployments), or a
 * shared HS256 secret (single-node use). With both, the JWKS wins. `issuer`/`audience` are
 * checked when set.
 */
export interface AccessTokenVerifierOptions {
  jwksUrl?: string;
  secret?: string;
  issuer?: string;
  audience?: string;
}

/**
 * Claims of a Textback access token (besides `sub`, `exp`, `iss`, `aud`):
 * `tenantId` (uuid), `role` (owner | admin | regional_manager | dispatcher | agent),
 * `regionIds` (uuid[], for regional managers), `locationIds` (uuid[], for dispatchers and agents).
 * One token serves every staff API (lead-crm, scheduling, reporting).
 */
const claimsSchema = z.object({
  sub: z.string().min(1),
  tenantId: z.uuid(),
  role: z.enum(ACCESS_ROLES),
  regionIds: z.array(z.uuid()).default([]),
  locationIds: z.array(z.uuid()).default([]),
});

/** The token is missing, malformed, expired, badly signed, or lacks a required claim. */
export class InvalidAccessTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAccessTokenError';
  }
}

/**
 * Verifies JWT bearer tokens with `jose` (RFC 7519) and turns their claims into an
 * {@link AccessScope}. With `jwksUrl` keys are fetched and cached from the JWKS endpoint
 * (RFC 7517); with `secret` only HS256 is accepted; with neither, every token is refused.
 */
export class AccessTokenVerifier {
  private readonly key: JWTVerifyGetKey | Uint8Array | null;
  private readonly algorithms: string[] | undefined;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = undefined;
    } else if (options.secret) {
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256'];
    } else {
      this.key = null;
      this.algorithms = undefined;
    }
  }

  /** False when neither a JWKS URL nor a secret is configured (every token is refused). */
  get configured(): boolean {
    return this.key !== null;
  }

  /**
   * @returns the caller's scope.
   * @throws InvalidAccessTokenError when the token fails verification or its claims are invalid.
   */
  async verify(token: string): Promise<AccessScope> {
    if (this.key === null) throw new InvalidAccessTokenError('no JWT_JWKS_URL or JWT_SECRET is configured: every token is refused');
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        ...(this.algorithms ? { algorithms: this.algorithms } : {}),
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience ? { audience: this.options.audience } : {}),
      };
      const result = typeof this.key === 'function' ? await jwtVerify(token, this.key, verifyOptions) : await jwtVerify(token, this.key, verifyOptions);
      payload = result.payload;
    } catch (err) {
      throw new InvalidAccessTokenError(err instanceof Error ? err.message : 'invalid token');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidAccessTokenError(`invalid claims: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const c = claims.data;
    return { tenantId: c.tenantId, userId: c.sub, role: c.role, regionIds: c.regionIds, locationIds: c.locationIds };
  }
}

/** The JWT variables every staff API reads (see .env.example). */
export interface JwtEnv {
  JWT_JWKS_URL?: string | undefined;
  JWT_SECRET?: string | undefined;
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
}

/** {@link AccessTokenVerifierOptions} from a service's validated environment (unset variables are left out). */
export function accessTokenOptionsFromEnv(env: JwtEnv): AccessTokenVerifierOptions {
  return {
    ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}),
    ...(env.JWT_SECRET ? { secret: env.JWT_SECRET } : {}),
    ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
    ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
  };
}
