import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken } from '@textback/auth';
import { apiRoleOf, type ConsoleUser } from '../accounts/console-role.types';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';

/** Lifetime of the access token minted for one call to lead-crm, seconds. */
export const DELEGATED_TOKEN_SECONDS = 60;
/** How long a call to lead-crm may take, milliseconds. */
export const LEAD_CRM_TIMEOUT_MS = 10_000;

/** lead-crm refused or failed a request: its status and message, passed on to the page. */
export class LeadCrmRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** lead-crm's list of problems (a refused settings save names each field), else empty. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'LeadCrmRefusal';
  }
}

/**
 * lead-crm's staff API (`/v1/leads/:id/...`, `/v1/locations/:id/...`), called on behalf of the signed-in user with a short-lived HS256
 * access token naming them (`sub` = their console user id, their tenant, role and locations), so lead-crm
 * applies its own scoping, consent and role rules to the console exactly as to any other client.
 */
@Injectable()
export class LeadCrmClient {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  /**
   * POSTs `body` to `/v1/leads/<leadId>/<action>`.
   * @returns lead-crm's JSON answer (null for 204).
   * @throws LeadCrmRefusal with lead-crm's status and message for any non-2xx answer; 502 when unreachable.
   */
  async post(user: ConsoleUser, leadId: string, action: 'takeover' | 'release' | 'texts' | 'notes' | 'outcome', body: Record<string, unknown> = {}): Promise<unknown> {
    return this.request(user, 'POST', `/v1/leads/${encodeURIComponent(leadId)}/${action}`, body);
  }

  /**
   * Calls lead-crm's staff API at `path` (e.g. `/v1/locations/<id>/settings`) as `user`.
   * @returns lead-crm's JSON answer (null for 204).
   * @throws LeadCrmRefusal with lead-crm's status, message and problems for any non-2xx answer; 502 when unreachable.
   */
  async request(user: ConsoleUser, method: 'GET' | 'POST' | 'PUT', path: string, body?: Record<string, unknown>): Promise<unknown> {
    const token = await signAccessToken({ tenantId: user.tenantId, userId: user.id, role: apiRoleOf(user.role), regionIds: user.regionIds, locationIds: user.locationIds }, this.settings.jwt, DELEGATED_TOKEN_SECONDS);
    let res: Response;
    try {
      res = await fetch(`${this.settings.leadCrmUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(LEAD_CRM_TIMEOUT_MS),
      });
    } catch (err) {
      throw new LeadCrmRefusal(502, `lead-crm did not answer: ${err instanceof Error ? err.message : String(err)}`);
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
      throw new LeadCrmRefusal(res.status >= 500 ? 502 : res.status, message || `lead-crm answered ${res.status}`, problems);
    }
    return text ? (JSON.parse(text) as unknown) : null;
  }
}
