import { z } from 'zod';
import { DEFAULT_JWKS_ALGORITHMS, DEFAULT_JWT_MAX_LIFETIME_SECONDS, JWKS_ALGORITHMS, JWT_SECRET_MIN_LENGTH } from './jwt-policy.constants';

/**
 * The JWT variables of every service that verifies staff tokens (lead-crm, scheduling,
 * reporting): spread into the service's env schema (`baseServiceEnvSchema.extend({ ...jwtEnvShape })`)
 * so the rules are written once.
 * - `JWT_JWKS_URL`: JWKS endpoint of the identity provider (Kubernetes deployments).
 * - `JWT_SECRET`: shared HS256 secret, at least {@link JWT_SECRET_MIN_LENGTH} characters (single node).
 * - `JWT_ISSUER`, `JWT_AUDIENCE`: required; a token must name both (`iss`, `aud`).
 * - `JWT_ALGORITHMS`: comma-separated asymmetric algorithms accepted from the JWKS (default RS256,ES256).
 * - `JWT_MAX_LIFETIME_SECONDS`: longest token lifetime, `exp - iat` and `exp - now` (default 86400, 24 h).
 */
export const jwtEnvShape = {
  JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  JWT_SECRET: z.string().min(JWT_SECRET_MIN_LENGTH, `must be at least ${JWT_SECRET_MIN_LENGTH} characters`).optional(),
  JWT_ISSUER: z.string({ error: 'required: the issuer (iss) every access token must name' }).min(1),
  JWT_AUDIENCE: z.string({ error: 'required: the audience (aud) every access token must name' }).min(1),
  JWT_ALGORITHMS: z
    .string()
    .default(DEFAULT_JWKS_ALGORITHMS.join(','))
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
    .pipe(z.array(z.enum(JWKS_ALGORITHMS, { error: `each must be one of ${JWKS_ALGORITHMS.join(', ')}` })).min(1)),
  JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(DEFAULT_JWT_MAX_LIFETIME_SECONDS),
};
