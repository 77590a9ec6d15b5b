/** How users of this console may sign in besides email and password. */
export interface SignInOptionsResponseDto {
  /** OpenID Connect single sign-on: the button's label and where it goes; null when no provider is configured. */
  sso: { providerName: string; startUrl: string } | null;
}
