import { DEFAULT_JWKS_ALGORITHMS, JWKS_ALGORITHMS } from '@textback/auth';
import { z } from 'zod';

/**
 * Roles a provider may give a person of its tenant's domains who has no console account yet (the default role):
 * scoped to named locations. Owners and regional managers are always created or invited by the operator.
 */
export const PROVISIONED_ROLES = ['dispatcher', 'location_manager'] as const;

/** Name of an environment variable the console reads a tenant's client secret from (collected at boot). */
export const CLIENT_SECRET_ENV_PATTERN = /^OIDC_CLIENT_SECRET_[A-Z0-9_]+$/;

/** One email domain (lower-cased, at least one dot, no wildcard): its people sign in at the tenant's provider. */
const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'must be a domain name such as acme.example (no @, no wildcard)' });

/**
 * A tenant's OpenID Connect provider as an operator declares it (`textback sso set`): validated before it is stored.
 * - `issuer`: the issuer identifier (https, or http on 127.0.0.1/localhost for tests); the discovery document must
 *   name exactly this issuer, and every ID token must carry it.
 * - `clientId`: the console's client id at that provider; every ID token's audience must be it.
 * - `clientSecretEnv`: the environment variable of the console holding the client secret (`OIDC_CLIENT_SECRET_<NAME>`,
 *   e.g. from a Kubernetes Secret), so no secret is kept in the database or printed by the CLI.
 * - `emailDomains`: the domains whose people may sign in there (the sign-in page finds the provider by the email's
 *   domain; an ID token's verified email must be in one of them); a domain belongs to one tenant.
 * - `defaultRole`, `defaultLocationIds`: when set, a person with a verified email in those domains who has no console
 *   account yet gets one at first sign-in, with that role at those locations (null: refused until invited).
 * - `providerName`: the button's label ("Sign in with <providerName>"); `algorithms`: ID-token algorithms accepted
 *   (asymmetric only, default RS256 and ES256).
 */
export const tenantIdentityProviderInputSchema = z.object({
  issuer: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), {
    error: 'must be https (http only on 127.0.0.1 or localhost)',
  }),
  clientId: z.string().trim().min(1).max(255),
  clientSecretEnv: z.string().regex(CLIENT_SECRET_ENV_PATTERN, { error: 'must name a variable OIDC_CLIENT_SECRET_<NAME> (A-Z, 0-9, _)' }),
  emailDomains: z.array(emailDomainSchema).min(1, { error: 'give at least one email domain' }).max(50),
  providerName: z.string().trim().min(1).max(60),
  algorithms: z.array(z.enum(JWKS_ALGORITHMS)).min(1).default([...DEFAULT_JWKS_ALGORITHMS]),
  defaultRole: z.enum(PROVISIONED_ROLES).nullable().default(null),
  defaultLocationIds: z.array(z.uuid()).max(200).default([]),
}).refine((p) => p.defaultRole === null || p.defaultLocationIds.length > 0, { error: 'a default role needs the locations it sees', path: ['defaultLocationIds'] });
export type TenantIdentityProviderInput = z.infer<typeof tenantIdentityProviderInputSchema>;

/** A tenant's provider as stored (the input plus the tenant, its slug and the revision). */
export interface TenantIdentityProvider extends TenantIdentityProviderInput {
  tenantId: string;
  tenantSlug: string;
  /** Incremented by every change (a cached provider client is replaced when it moves). */
  revision: number;
}
