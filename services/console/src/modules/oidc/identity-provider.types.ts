// Shapes of the identity-provider screen's API (`/api/identity-provider`), shared with the web app: plain types only
// (the web app's type check reads this file, so it imports nothing of the server's).

/** A tenant's provider as the screen shows it (tenant-identity-provider.types' TenantIdentityProvider, as JSON). */
export interface IdentityProviderView {
  tenantId: string;
  /** The tenant's slug: its own sign-in link is `/sign-in/<tenantSlug>`. */
  tenantSlug: string;
  providerName: string;
  issuer: string;
  /** The console's client id at the provider: the audience every ID token must carry. */
  clientId: string;
  /** The console's environment variable holding the client secret (never the secret). */
  clientSecretEnv: string;
  emailDomains: string[];
  algorithms: string[];
  defaultRole: 'dispatcher' | 'location_manager' | null;
  defaultLocationIds: string[];
  revision: number;
}

/** One audited change of the tenant's provider (`tenant_identity_provider_audit`), without the stored before/after. */
export interface IdentityProviderChange {
  /** `console:<email>` from the screen; `cli:<OS user>` or TEXTBACK_OPERATOR from `textback sso`. */
  changedBy: string;
  /** ISO 8601. */
  changedAt: string;
  action: 'set' | 'remove';
  /** The issuer and client id after a `set`, before a `remove`. */
  issuer: string | null;
  clientId: string | null;
}

/** What the identity-provider screen shows an owner. */
export interface IdentityProviderPage {
  /** The tenant's provider, or null when its people sign in with email and password only. */
  provider: IdentityProviderView | null;
  /** The callback URL to register at the provider (the console's `OIDC_REDIRECT_URL`); null: tenants' providers cannot be used. */
  redirectUrl: string | null;
  /** Whether the console has the client secret's variable (`clientSecretEnv`); false: sign-in there fails until the operator sets it. */
  secretConfigured: boolean;
  /** The tenant's own sign-in link (`/sign-in/<slug>`) when it has a provider. */
  signInPath: string | null;
  /** The tenant's locations, for the default locations of people created at first sign-in. */
  locations: { locationId: string; name: string }[];
  history: IdentityProviderChange[];
}
