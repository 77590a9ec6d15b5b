import { Inject, Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { postAsUser } from './staff-api.request';

/**
 * scheduling's staff API, called on behalf of the signed-in user ({@link postAsUser}): the acknowledgement of a
 * dispatch, the same path as any staff client's (it cancels the escalation timers, publishes
 * `scheduling.dispatch.acknowledged.v1` naming the user, and tells the caller), scoped by scheduling to the user's
 * locations and a no-op when the dispatch is already acknowledged.
 */
@Injectable()
export class SchedulingClient {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  /** `POST /v1/dispatches/<dispatchId>/ack` as the user. @throws StaffApiRefusal (404 when not theirs). */
  async acknowledge(user: ConsoleUser, dispatchId: string): Promise<void> {
    await postAsUser(this.settings, 'scheduling', this.settings.schedulingUrl, user, `/v1/dispatches/${encodeURIComponent(dispatchId)}/ack`);
  }
}
