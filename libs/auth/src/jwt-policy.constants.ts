/**
 * Shortest accepted HS256 secret, in characters: RFC 7518 §3.2 requires a key of at least the
 * hash size (256 bits); 32 characters of a random secret is the floor every service applies.
 */
export const JWT_SECRET_MIN_LENGTH = 32;

/**
 * Asymmetric JWS algorithms a JWKS may sign with (RFC 7518 §3.1, RFC 8037 for EdDSA). `none` and
 * the HMAC family are never accepted from a JWKS: an HS256 token "signed" with a public key is the
 * classic algorithm-confusion attack.
 */
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwksAlgorithm = (typeof JWKS_ALGORITHMS)[number];

/** JWT_ALGORITHMS default: what common identity providers sign with (RSA and P-256). */
export const DEFAULT_JWKS_ALGORITHMS: readonly JwksAlgorithm[] = ['RS256', 'ES256'];

/** JWT_MAX_LIFETIME_SECONDS default: a staff session of one day (24 h). */
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 86_400;
