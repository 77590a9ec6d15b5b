import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ACCESS_ROLES, type AccessScope } from './access-scope.types';
import { DEFAULT_JWKS_ALGORITHMS, DEFAULT_JWT_MAX_LIFETIME_SECONDS, JWKS_ALGORITHMS, type JwksAlgorithm, JWT_SECRET_MIN_LENGTH } from './jwt-policy.constants';

/**
 * Where signing keys come from and what a token must carry. Keys: a JWKS URL (asymmetric
 * algorithms from `algorithms`, Kubernetes deployments) or a shared HS256 secret of at least
 * {@link JWT_SECRET_MIN_LENGTH} characters (single-node use); with both, the JWKS wins; with
 * neither, every token is refused. `issuer` and `audience` are always required and checked.
 */
export interface AccessTokenVerifierOptions {
  jwksUrl?: string;
  secret?: string;
  /** Required `iss` (RFC 7519 §4.1.1). */
  issuer: string;
  /** Required `aud` (one of the token's audiences, RFC 7519 §4.1.3). */
  audience: string;
  /** JWKS mode: the `alg` values accepted (default {@link DEFAULT_JWKS_ALGORITHMS}); secret mode is always HS256 only. */
  algorithms?: readonly JwksAlgorithm[];
  /** Longest accepted lifetime in seconds: `exp - iat` and `exp - now` (default {@link DEFAULT_JWT_MAX_LIFETIME_SECONDS}). */
  maxLifetimeSeconds?: number;
}

/**
 * Claims of a Textback access token (besides `sub`, `exp`, `iss`, `aud`):
 * `tenantId` (uuid), `role` (owner | admin | regional_manager | location_manager | dispatcher | agent),
 * `regionIds` (uuid[], for regional managers), `locationIds` (uuid[], for location managers, dispatchers and agents).
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
 * (RFC 7517) and only `algorithms` are accepted; with `secret` only HS256 is accepted; with
 * neither, every token is refused. Every token must be signed, name the configured `iss` and
 * `aud`, and carry an `exp` at most `maxLifetimeSeconds` after its `iat` and after now
 * (a token without `exp` would otherwise never expire).
 * @throws Error from the constructor when the secret is shorter than {@link JWT_SECRET_MIN_LENGTH},
 *   the issuer or audience is empty, or an algorithm is not asymmetric.
 */
export class AccessTokenVerifier {
  private readonly key: JWTVerifyGetKey | Uint8Array | null;
  private readonly algorithms: string[];
  private readonly maxLifetimeSeconds: number;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    if (!options.issuer || !options.audience) throw new Error('AccessTokenVerifier: issuer and audience are required');
    this.maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_JWT_MAX_LIFETIME_SECONDS;
    if (options.jwksUrl) {
      const algorithms = options.algorithms ?? DEFAULT_JWKS_ALGORITHMS;
      const bad = algorithms.filter((a) => !(JWKS_ALGORITHMS as readonly string[]).includes(a));
      if (algorithms.length === 0 || bad.length > 0) throw new Error(`AccessTokenVerifier: JWKS algorithms must be among ${JWKS_ALGORITHMS.join(', ')}`);
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = [...algorithms];
    } else if (options.secret) {
      if (options.secret.length < JWT_SECRET_MIN_LENGTH) throw new Error(`AccessTokenVerifier: the HS256 secret must be at least ${JWT_SECRET_MIN_LENGTH} characters`);
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256'];
    } else {
      this.key = null;
      this.algorithms = [];
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
      const verifyOptions = { algorithms: this.algorithms, issuer: this.options.issuer, audience: this.options.audience, requiredClaims: ['exp'] };
      const result = typeof this.key === 'function' ? await jwtVerify(token, this.key, verifyOptions) : await jwtVerify(token, this.key, verifyOptions);
      payload = result.payload;
    } catch (err) {
      throw new InvalidAccessTokenError(err instanceof Error ? err.message : 'invalid token');
    }
    // jose has checked that exp is a number in the future and iat (when present) a number.
    const exp = payload.exp ?? 0;
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (exp - nowSeconds > this.maxLifetimeSeconds) throw new InvalidAccessTokenError(`"exp" claim is more than ${this.maxLifetimeSeconds} s away`);
    if (payload.iat !== undefined && exp - payload.iat > this.maxLifetimeSeconds) throw new InvalidAccessTokenError(`token lifetime ("exp" - "iat") exceeds ${this.maxLifetimeSeconds} s`);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidAccessTokenError(`invalid claims: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const c = claims.data;
    return { tenantId: c.tenantId, userId: c.sub, role: c.role, regionIds: c.regionIds, locationIds: c.locationIds };
  }
}

/** The JWT variables every staff API reads, validated by {@link jwtEnvShape} (see .env.example). */
export interface JwtEnv {
  JWT_JWKS_URL?: string | undefined;
  JWT_SECRET?: string | undefined;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWT_ALGORITHMS?: readonly JwksAlgorithm[] | undefined;
  JWT_MAX_LIFETIME_SECONDS?: number | undefined;
}

/** {@link AccessTokenVerifierOptions} from a service's validated environment (unset variables are left out). */
export function accessTokenOptionsFromEnv(env: JwtEnv): AccessTokenVerifierOptions {
  return {
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}),
    ...(env.JWT_SECRET ? { secret: env.JWT_SECRET } : {}),
    ...(env.JWT_ALGORITHMS ? { algorithms: env.JWT_ALGORITHMS } : {}),
    ...(env.JWT_MAX_LIFETIME_SECONDS ? { maxLifetimeSeconds: env.JWT_MAX_LIFETIME_SECONDS } : {}),
  };
}
