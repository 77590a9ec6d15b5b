/** Why a sign-in or session check failed. */
export enum SignInExceptionCode {
  BadCredentials = 'bad_credentials',
  BadInvitation = 'bad_invitation',
  WeakPassword = 'weak_password',
  NoSession = 'no_session',
  BadCsrfToken = 'bad_csrf_token',
  TooManyAttempts = 'too_many_attempts',
}

/** A refused sign-in, invitation or session (mapped to 400/401/403/429 by {@link signInHttpStatus}). */
export class SignInException extends Error {
  constructor(
    readonly code: SignInExceptionCode,
    message: string,
    /** TooManyAttempts: whole seconds until another attempt is admitted (the `Retry-After` header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SignInException';
  }
}

/** HTTP status of a {@link SignInExceptionCode} (exhaustive). */
export function signInHttpStatus(code: SignInExceptionCode): number {
  switch (code) {
    case SignInExceptionCode.BadCredentials:
    case SignInExceptionCode.BadInvitation:
    case SignInExceptionCode.NoSession:
      return 401;
    case SignInExceptionCode.WeakPassword:
      return 400;
    case SignInExceptionCode.BadCsrfToken:
      return 403;
    case SignInExceptionCode.TooManyAttempts:
      return 429;
  }
}
