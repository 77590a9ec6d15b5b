/**
 * Why an OpenID Connect sign-in failed. The value is what the callback puts in `/sign-in?sign_in_error=<code>` for the
 * sign-in page to explain (never a token or an email).
 */
export enum OidcSignInExceptionCode {
  /** No identity provider is configured for this console. */
  NotConfigured = 'sso_not_configured',
  /** No tenant signs in that email's domain (or that tenant slug) through an identity provider of its own. */
  NoProvider = 'sso_no_provider',
  /** The provider vouched for an email outside the domains its tenant declared. */
  DomainNotAllowed = 'sso_domain_not_allowed',
  /** The identity provider could not be reached or answered something that is not OpenID Connect. */
  ProviderUnavailable = 'sso_unavailable',
  /** The provider refused or the user cancelled (`error=` on the callback, or the code exchange failed). */
  ProviderRefused = 'sso_refused',
  /** The callback came without this browser's flow cookie, with another state, or after 10 minutes. */
  FlowExpired = 'sso_expired',
  /** The ID token failed verification (signature, algorithm, issuer, audience, expiry, nonce). */
  InvalidIdToken = 'sso_invalid_token',
  /** The provider does not vouch for the email (`email_verified` is not true) or sent none. */
  EmailNotVerified = 'sso_email_unverified',
  /** No console user of the provider's tenant has that email (no account is created on the fly). */
  UnknownUser = 'sso_unknown_user',
  /** The user's account is bound to another subject at this provider (the email moved to someone else). */
  SubjectMismatch = 'sso_subject_mismatch',
}

/** A refused OpenID Connect sign-in. */
export class OidcSignInException extends Error {
  constructor(
    readonly code: OidcSignInExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'OidcSignInException';
  }
}
