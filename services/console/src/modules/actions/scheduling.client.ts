import { Inject, Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { type SlotChoice } from './slot-choice.types';
import { postAsUser, requestAsUser } from './staff-api.request';

/**
 * scheduling's staff API, called on behalf of the signed-in user ({@link postAsUser}): free slots, booking and
 * rescheduling (the same events and confirmation text as a bot booking), callbacks, and the acknowledgement of a
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

  /** `GET /v1/locations/<id>/slots?callerE164&count` as the user. @throws StaffApiRefusal (404 when not theirs). */
  async slots(user: ConsoleUser, locationId: string, callerE164: string, count: number): Promise<SlotChoice> {
    const q = new URLSearchParams({ callerE164, count: String(count) });
    return (await requestAsUser(this.settings, 'scheduling', this.settings.schedulingUrl, user, 'GET', `/v1/locations/${encodeURIComponent(locationId)}/slots?${q.toString()}`)) as SlotChoice;
  }

  /** `POST /v1/bookings` as the user. @returns the booking id. @throws StaffApiRefusal (409 taken, or the caller already booked). */
  async book(user: ConsoleUser, request: { requestId: string; locationId: string; callerE164: string; startAt: string; leadId?: string; conversationId: string }): Promise<string> {
    return ((await postAsUser(this.settings, 'scheduling', this.settings.schedulingUrl, user, '/v1/bookings', { ...request })) as { bookingId: string }).bookingId;
  }

  /** `POST /v1/bookings/<id>/reschedule` as the user. @returns the new booking id. @throws StaffApiRefusal (409 full or outside booking hours). */
  async reschedule(user: ConsoleUser, bookingId: string, startAt: string): Promise<string> {
    return ((await postAsUser(this.settings, 'scheduling', this.settings.schedulingUrl, user, `/v1/bookings/${encodeURIComponent(bookingId)}/reschedule`, { startAt })) as { bookingId: string }).bookingId;
  }

  /** `POST /v1/callbacks` as the user. @returns the task id. @throws StaffApiRefusal (422 time out of range). */
  async scheduleCallback(user: ConsoleUser, request: { requestId: string; locationId: string; callerE164: string; at?: string; leadId?: string; reason: string }): Promise<string> {
    return ((await postAsUser(this.settings, 'scheduling', this.settings.schedulingUrl, user, '/v1/callbacks', { ...request })) as { taskId: string }).taskId;
  }
}
