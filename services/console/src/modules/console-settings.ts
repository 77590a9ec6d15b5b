import { type SignInThrottleLimits } from '@textback/auth';

/** The console's settings that its modules read (taken from the validated env in AppModule). */
export interface ConsoleSettings {
  /** Failed password sign-ins allowed per account and per client address within a window (`SIGN_IN_*`). */
  signInThrottle: SignInThrottleLimits;
  /** Sliding session lifetime, hours. */
  sessionTtlHours: number;
  /** Whether the session cookie carries `Secure`. */
  cookieSecure: boolean;
  /** lead-crm's staff API base URL. */
  leadCrmUrl: string;
  /** scheduling's staff API base URL (acknowledging pages). */
  schedulingUrl: string;
  /** messaging's staff API base URL (the opt-out review queue). */
  messagingUrl: string;
  /** reporting's ROI API base URL. */
  reportingUrl: string;
  /** HS256 key, issuer and audience of the access tokens minted for calls to lead-crm, scheduling and reporting. */
  jwt: { secret: string; issuer: string; audience: string };
  /** The deployment's OpenID Connect provider (`OIDC_*`, bound to one tenant), or null. */
  oidc: OidcSettings | null;
  /**
   * The console's OpenID Connect callback URL as registered at every provider (`OIDC_REDIRECT_URL`), or null: then
   * tenants' own providers (`textback sso set`) cannot be used.
   */
  oidcRedirectUrl: string | null;
  /** Client secrets of tenants' providers by environment variable name (`OIDC_CLIENT_SECRET_<NAME>`). */
  oidcClientSecrets: Readonly<Record<string, string>>;
}

/** A franchise's OpenID Connect identity provider, bound to one tenant (the deployment's, or a tenant's own). */
export interface OidcSettings {
  /** Issuer identifier; the discovery document must name exactly this issuer. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The console's callback URL, as registered at the provider. */
  redirectUrl: string;
  /** Only users of this tenant sign in through this provider. */
  tenantId: string;
  /** ID-token signature algorithms accepted (asymmetric only). */
  algorithms: readonly string[];
  /** Label of the sign-in button ("Sign in with <providerName>"). */
  providerName: string;
  /** Email domains whose people sign in there (a verified email outside them is refused); null: any domain. */
  emailDomains: readonly string[] | null;
  /** Role and locations of an account created at first sign-in for a person of those domains; null: nobody is created. */
  provisioning: { role: 'dispatcher' | 'location_manager'; locationIds: readonly string[] } | null;
}

/** Injection token of {@link ConsoleSettings}. */
export const CONSOLE_SETTINGS = Symbol('ConsoleSettings');
