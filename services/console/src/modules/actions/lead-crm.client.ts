import { Inject, Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { postAsUser, requestAsUser } from './staff-api.request';

/**
 * lead-crm's staff API (`/v1/leads/:id/...`, `/v1/locations/:id/...`), called on behalf of the signed-in user ({@link postAsUser}), so
 * lead-crm applies its own scoping, consent and role rules to the console exactly as to any other client.
 */
@Injectable()
export class LeadCrmClient {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  /**
   * POSTs `body` to `/v1/leads/<leadId>/<action>`.
   * @returns lead-crm's JSON answer (null for 204).
   * @throws StaffApiRefusal with lead-crm's status and message for any non-2xx answer; 502 when unreachable.
   */
  async post(user: ConsoleUser, leadId: string, action: 'takeover' | 'release' | 'texts' | 'notes' | 'outcome', body: Record<string, unknown> = {}): Promise<unknown> {
    return postAsUser(this.settings, 'lead-crm', this.settings.leadCrmUrl, user, `/v1/leads/${encodeURIComponent(leadId)}/${action}`, body);
  }

  /**
   * Calls lead-crm's staff API at `path` (e.g. `/v1/locations/<id>/settings`) as `user`.
   * @returns lead-crm's JSON answer (null for 204).
   * @throws StaffApiRefusal with lead-crm's status, message and problems for any non-2xx answer; 502 when unreachable.
   */
  async request(user: ConsoleUser, method: 'GET' | 'POST' | 'PUT', path: string, body?: Record<string, unknown>): Promise<unknown> {
    return requestAsUser(this.settings, 'lead-crm', this.settings.leadCrmUrl, user, method, path, body);
  }
}
