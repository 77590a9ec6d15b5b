import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken } from '@textback/auth';
import { apiRoleOf, type ConsoleUser } from '../accounts/console-role.types';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';

/** Lifetime of the access token minted for one call to reporting, seconds. */
export const REPORTING_TOKEN_SECONDS = 60;
/** How long a report may take, milliseconds (ClickHouse over a year of a franchise). */
export const REPORTING_TIMEOUT_MS = 20_000;

/** reporting refused or failed a request: its status and message, passed on to the page. */
export class ReportingRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReportingRefusal';
  }
}

/**
 * reporting's ROI API (`/v1/tenants/<tenant>/reports/...`), called on behalf of the signed-in user with a
 * short-lived HS256 access token naming them (as {@link LeadCrmClient} does), so reporting applies its own tenant,
 * region and location scoping. The browser never holds a token: the ROI screen is behind the console session.
 */
@Injectable()
export class ReportingClient {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  /**
   * GETs `/v1/tenants/<user's tenant>/<path>?<query>`.
   * @returns reporting's JSON answer.
   * @throws ReportingRefusal with reporting's status and message for any non-2xx answer; 502 when unreachable.
   */
  async get(user: ConsoleUser, path: 'reports/funnel' | 'reports/roi', query: URLSearchParams): Promise<unknown> {
    const token = await signAccessToken({ tenantId: user.tenantId, userId: user.id, role: apiRoleOf(user.role), regionIds: user.regionIds, locationIds: user.locationIds }, this.settings.jwt, REPORTING_TOKEN_SECONDS);
    let res: Response;
    try {
      res = await fetch(`${this.settings.reportingUrl}/v1/tenants/${encodeURIComponent(user.tenantId)}/${path}?${query.toString()}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(REPORTING_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ReportingRefusal(502, `reporting did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        const parsed = JSON.parse(text) as { message?: unknown };
        if (parsed.message !== undefined) message = Array.isArray(parsed.message) ? parsed.message.join('; ') : String(parsed.message);
      } catch {
        // not JSON: keep the text
      }
      throw new ReportingRefusal(res.status >= 500 ? 502 : res.status, message || `reporting answered ${res.status}`);
    }
    return JSON.parse(text) as unknown;
  }
}
