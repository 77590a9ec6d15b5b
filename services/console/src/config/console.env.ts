import { baseServiceEnvSchema, envBoolean, parseEnv } from '@textback/config';
import { DEFAULT_JWKS_ALGORITHMS, DEFAULT_SIGN_IN_THROTTLE, JWKS_ALGORITHMS } from '@textback/auth';
import { z } from 'zod';

/** The deployment's OpenID Connect provider: all of issuer, client id, client secret and tenant, or none (and a redirect URL). */
const OIDC_REQUIRED = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_TENANT_ID'] as const;
/** Client secrets of tenants' own providers: `OIDC_CLIENT_SECRET_<NAME>`, named by `textback sso set --client-secret-env`. */
const CLIENT_SECRET_VARIABLE = /^OIDC_CLIENT_SECRET_[A-Z0-9_]+$/;

/**
 * Environment of console (see README.md): the shared variables plus
 * - `HTTP_PORT`: the console's port (web app and its API on one origin), default 3007.
 * - `LEAD_CRM_URL`: base URL of lead-crm's staff API (takeover, release, texts, notes, outcome).
 * - `SCHEDULING_URL`: base URL of scheduling's staff API (acknowledging a page).
 * - `REPORTING_URL`: base URL of reporting's ROI API (the ROI screen), default http://127.0.0.1:3006.
 * - `MESSAGING_URL`: base URL of messaging's staff API (the opt-out review queue screen), default http://127.0.0.1:3002.
 * - `JWT_SECRET`, `JWT_ISSUER`, `JWT_AUDIENCE`: the HS256 key, issuer and audience of the short-lived
 *   access tokens the console mints for the signed-in user when it calls lead-crm or scheduling on their
 *   behalf (the same values they verify with).
 * - `SESSION_TTL_HOURS`: how long a sign-in lasts without activity, hours (default 12).
 * - `COOKIE_SECURE`: set the `Secure` attribute on the session cookie (default true in production).
 * - `WEB_DIR`: folder of the built web app (default `dist/services/console/web` beside the compiled code).
 * - Sign-in throttling (`POST /api/session`, docs/security.md): `SIGN_IN_MAX_FAILURES_PER_ACCOUNT` (default 5) and
 *   `SIGN_IN_MAX_FAILURES_PER_ADDRESS` (default 20) failed sign-ins within `SIGN_IN_FAILURE_WINDOW_MINUTES` (default 15),
 *   then 429 with `Retry-After`; `TRUSTED_PROXY_HOPS`: how many reverse proxies in front of the console append to
 *   `X-Forwarded-For` (default 0: the socket's address is the client's; 1 behind the Kubernetes Ingress), so the
 *   client's address is the one counted, not the proxy's.
 * - Tenants' own OpenID Connect providers (`textback sso set`): `OIDC_REDIRECT_URL` and, per provider, the client
 *   secret in `OIDC_CLIENT_SECRET_<NAME>` (the name the provider's settings give).
 * - The deployment's OpenID Connect provider (all five or none): `OIDC_ISSUER_URL` (the identity provider's issuer identifier; its
 *   discovery document is read from `<issuer>/.well-known/openid-configuration`), `OIDC_CLIENT_ID`,
 *   `OIDC_CLIENT_SECRET` (client_secret_basic), `OIDC_REDIRECT_URL` (`https://<console>/api/oidc/callback`,
 *   registered at the provider), `OIDC_TENANT_ID` (the tenant whose users sign in there; a user of another tenant
 *   is refused). Optional: `OIDC_ALGORITHMS` (comma-separated ID-token algorithms accepted, default RS256,ES256;
 *   never HMAC or none), `OIDC_PROVIDER_NAME` (the sign-in button's label, default "single sign-on").
 */
export const consoleEnvSchema = baseServiceEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3007),
  LEAD_CRM_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3004'),
  SCHEDULING_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3005'),
  REPORTING_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3006'),
  MESSAGING_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3002'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  COOKIE_SECURE: envBoolean.optional(),
  WEB_DIR: z.string().min(1).optional(),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(DEFAULT_SIGN_IN_THROTTLE.maxFailuresPerAccount),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SIGN_IN_THROTTLE.maxFailuresPerAddress),
  SIGN_IN_FAILURE_WINDOW_MINUTES: z.coerce.number().min(0.1).max(24 * 60).default(DEFAULT_SIGN_IN_THROTTLE.windowMs / 60_000),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  OIDC_ISSUER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  OIDC_TENANT_ID: z.uuid().optional(),
  OIDC_ALGORITHMS: z
    .string()
    .default(DEFAULT_JWKS_ALGORITHMS.join(','))
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
    .pipe(z.array(z.enum(JWKS_ALGORITHMS, { error: `each must be one of ${JWKS_ALGORITHMS.join(', ')}` })).min(1)),
  OIDC_PROVIDER_NAME: z.string().min(1).max(60).default('single sign-on'),
}).superRefine((env, ctx) => {
  const set = OIDC_REQUIRED.filter((k) => env[k] !== undefined);
  if (set.length > 0 && set.length < OIDC_REQUIRED.length)
    for (const k of OIDC_REQUIRED.filter((key) => env[key] === undefined)) ctx.addIssue({ code: 'custom', path: [k], message: `required with ${set.join(', ')} (OpenID Connect needs all of ${OIDC_REQUIRED.join(', ')})` });
  if (set.length > 0 && env.OIDC_REDIRECT_URL === undefined) ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URL'], message: `required with ${set.join(', ')}` });
});
export type ConsoleEnv = z.infer<typeof consoleEnvSchema> & {
  /** Every `OIDC_CLIENT_SECRET_<NAME>` variable (tenants' providers' client secrets), by name. */
  oidcClientSecrets: Readonly<Record<string, string>>;
};

/**
 * Reads and validates console's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadConsoleEnv(env: Record<string, string | undefined> = process.env): ConsoleEnv {
  const oidcClientSecrets = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => CLIENT_SECRET_VARIABLE.test(e[0]) && typeof e[1] === 'string' && e[1].length > 0));
  return { ...parseEnv('console', consoleEnvSchema, env), oidcClientSecrets };
}
