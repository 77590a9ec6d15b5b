/** How users of this console may sign in besides email and password. */
export interface SignInOptionsResponseDto {
  /** OpenID Connect single sign-on: the button's label and where it goes; null when no provider is configured. */
  sso: { providerName: string; startUrl: string } | null;
  /**
   * Whether tenants bring their own providers: the page then offers "Continue with single sign-on" for an email,
   * which goes to `/api/oidc/start?email=<email>` (the provider of the tenant that claimed the email's domain).
   */
  ssoByEmail: boolean;
  /** With `?tenant=<slug>`: that tenant's own provider's button (`/api/oidc/start?tenant=<slug>`), or null. */
  tenantSso: { providerName: string; startUrl: string } | null;
}
