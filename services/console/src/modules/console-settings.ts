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
  /** HS256 key, issuer and audience of the access tokens minted for calls to lead-crm and scheduling. */
  jwt: { secret: string; issuer: string; audience: string };
}

/** Injection token of {@link ConsoleSettings}. */
export const CONSOLE_SETTINGS = Symbol('ConsoleSettings');
