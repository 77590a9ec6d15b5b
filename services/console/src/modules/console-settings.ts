/** The console's settings that its modules read (taken from the validated env in AppModule). */
export interface ConsoleSettings {
  /** Sliding session lifetime, hours. */
  sessionTtlHours: number;
  /** Whether the session cookie carries `Secure`. */
  cookieSecure: boolean;
  /** lead-crm's staff API base URL. */
  leadCrmUrl: string;
  /** scheduling's staff API base URL (acknowledging pages). */
  schedulingUrl: string;
  /** reporting's ROI API base URL. */
  reportingUrl: string;
  /** HS256 key, issuer and audience of the access tokens minted for calls to lead-crm, scheduling and reporting. */
  jwt: { secret: string; issuer: string; audience: string };
  /** OpenID Connect sign-in, or null when no identity provider is configured. */
  oidc: OidcSettings | null;
}

/** A franchise's OpenID Connect identity provider (one per deployment, bound to one tenant). */
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
}

/** Injection token of {@link ConsoleSettings}. */
export const CONSOLE_SETTINGS = Symbol('ConsoleSettings');
