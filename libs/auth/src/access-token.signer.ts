import { SignJWT } from 'jose';
import { type AccessRole } from './access-scope.types';
import { JWT_SECRET_MIN_LENGTH } from './jwt-policy.constants';

/** What {@link signAccessToken} puts in a token (claims as {@link AccessTokenVerifier} reads them). */
export interface AccessTokenClaims {
  tenantId: string;
  role: AccessRole;
  /** JWT `sub`. */
  userId: string;
  regionIds?: readonly string[];
  locationIds?: readonly string[];
}

/**
 * Issues an HS256 access token for single-node use, tools and tests (the one idiom for minting
 * tokens: the demo, the end-to-end suite and the services' tests use it). It always carries
 * `iss`, `aud`, `iat` and `exp`, as the verifier requires.
 * @param lifetimeSeconds seconds until `exp` (keep it within the verifiers' JWT_MAX_LIFETIME_SECONDS).
 * @throws Error when the secret is shorter than {@link JWT_SECRET_MIN_LENGTH}.
 */
export async function signAccessToken(claims: AccessTokenClaims, key: { secret: string; issuer: string; audience: string }, lifetimeSeconds = 600): Promise<string> {
  if (key.secret.length < JWT_SECRET_MIN_LENGTH) throw new Error(`signAccessToken: the secret must be at least ${JWT_SECRET_MIN_LENGTH} characters`);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenantId: claims.tenantId, role: claims.role, regionIds: [...(claims.regionIds ?? [])], locationIds: [...(claims.locationIds ?? [])] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(key.issuer)
    .setAudience(key.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(new TextEncoder().encode(key.secret));
}
