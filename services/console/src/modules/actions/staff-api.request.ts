import { signAccessToken } from '@textback/auth';
import { apiRoleOf, type ConsoleUser } from '../accounts/console-role.types';
import { type ConsoleSettings } from '../console-settings';

/** Lifetime of the access token minted for one call to another service's staff API, seconds. */
export const DELEGATED_TOKEN_SECONDS = 60;
/** How long a call to another service's staff API may take, milliseconds. */
export const STAFF_API_TIMEOUT_MS = 10_000;

/** The services whose staff APIs the console calls on a user's behalf. */
export type StaffApiService = 'lead-crm' | 'scheduling' | 'messaging';

/** A service's staff API refused or failed a request: its status and message, passed on to the page. */
export class StaffApiRefusal extends Error {
  constructor(
    readonly service: StaffApiService,
    readonly status: number,
    message: string,
    /** The service's list of problems (a refused settings save names each field), else empty. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'StaffApiRefusal';
  }

  /** The `error` code the console's API answers with (`lead_crm_refused`, `scheduling_refused`, `messaging_refused`). */
  get code(): string {
    return `${this.service.replace('-', '_')}_refused`;
  }
}

/**
 * Calls `<baseUrl><path>` with `method` (JSON `body` when given) on behalf of the signed-in user, with a short-lived
 * HS256 access token naming them (`sub` = their console user id, their tenant, role, regions and locations), so the
 * service applies its own scoping and rules to the console exactly as to any other client.
 * @returns the JSON answer (null for an empty one, e.g. 204).
 * @throws StaffApiRefusal with the service's status, message and problems for any non-2xx answer; 502 when
 *   unreachable or 5xx.
 */
export async function requestAsUser(
  settings: ConsoleSettings,
  service: StaffApiService,
  baseUrl: string,
  user: ConsoleUser,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: Record<string, unknown>,
): Promise<unknown> {
  const token = await signAccessToken({ tenantId: user.tenantId, userId: user.id, role: apiRoleOf(user.role), regionIds: user.regionIds, locationIds: user.locationIds }, settings.jwt, DELEGATED_TOKEN_SECONDS);
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(STAFF_API_TIMEOUT_MS),
    });
  } catch (err) {
    throw new StaffApiRefusal(service, 502, `${service} did not answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    let problems: string[] = [];
    try {
      const parsed = JSON.parse(text) as { message?: unknown; problems?: unknown };
      if (parsed.message !== undefined) message = Array.isArray(parsed.message) ? parsed.message.join('; ') : String(parsed.message);
      if (Array.isArray(parsed.problems)) problems = parsed.problems.map(String);
    } catch {
      // not JSON: keep the text
    }
    throw new StaffApiRefusal(service, res.status >= 500 ? 502 : res.status, message || `${service} answered ${res.status}`, problems);
  }
  return text ? (JSON.parse(text) as unknown) : null;
}

/** POSTs JSON `body` as the signed-in user ({@link requestAsUser}). */
export async function postAsUser(settings: ConsoleSettings, service: StaffApiService, baseUrl: string, user: ConsoleUser, path: string, body: Record<string, unknown> = {}): Promise<unknown> {
  return requestAsUser(settings, service, baseUrl, user, 'POST', path, body);
}
