import { Inject, Injectable } from '@nestjs/common';
import { callbackScheduledV1 } from '@textback/contracts';
import { type AccessScope, canSeeLocation } from '@textback/auth';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { LocationDirectory, PLATFORM_ENV } from '@textback/platform';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { BusinessHoursCalendar } from '../calendar/business-hours.calendar';
import { CLOCK, type Clock } from '../clock/port/clock';
import { stableId } from '../clock/stable-id.util';
import { type Lineage, scheduledEvent } from '../shared/outbound-event.factory';
import { SchedulingException, SchedulingExceptionCode } from '../shared/scheduling.exception';
import { LeadRefRepository } from '../lead/lead-ref.repository';
import { CallbackRepository } from './callback.repository';

/** How far ahead staff may schedule a callback, days. */
export const STAFF_CALLBACK_MAX_DAYS = 60;

/**
 * Callback tasks: a caller who asked to be called (or cannot be texted) gets a task in the next
 * staffed window: now if the location is open, else its next opening (business hours and
 * holidays in the location's time zone), CALLBACK_WINDOW_MINUTES long and cut at closing.
 * One task per stable task key; publishes `scheduling.callback.scheduled.v1`.
 */
@Injectable()
export class CallbackService {
  constructor(
    private readonly tasks: CallbackRepository,
    private readonly leads: LeadRefRepository,
    private readonly directory: LocationDirectory,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
  ) {}

  /**
   * The task names the caller's open lead (`request.leadId`, else the one lead-crm last published).
   * @throws SchedulingException LOCATION_NOT_FOUND when the location is not in the directory.
   * @returns the task id, or null when the task key was already scheduled.
   */
  async schedule(tx: TransactionContext, lineage: Lineage, request: { taskKey: string; callerE164: string | null; leadId?: string; reason: string; windowStart?: Date }): Promise<string | null> {
    const config = await this.directory.get(lineage.locationId);
    if (!config) throw new SchedulingException(SchedulingExceptionCode.LOCATION_NOT_FOUND, `location ${lineage.locationId} is not in the location directory`);
    const now = this.clock.now();
    const windowMs = this.env.CALLBACK_WINDOW_MINUTES * 60_000;
    const window = request.windowStart
      ? { start: request.windowStart, end: new Date(request.windowStart.getTime() + windowMs) }
      : (new BusinessHoursCalendar(config).nextStaffedWindow(now, this.env.CALLBACK_WINDOW_MINUTES) ?? { start: now, end: new Date(now.getTime() + windowMs) });
    const taskId = stableId(`callback|${lineage.locationId}|${request.taskKey}`);
    const leadId = request.leadId ?? (request.callerE164 ? await this.leads.openLeadId(tx.handle, lineage.tenantId, lineage.locationId, request.callerE164) : null);
    const inserted = await this.tasks.insert(tx.handle, { taskId, taskKey: request.taskKey, tenantId: lineage.tenantId, locationId: lineage.locationId, callerE164: request.callerE164, leadId, reason: request.reason, windowStart: window.start, windowEnd: window.end }, now);
    if (!inserted) return null;
    await tx.publish(
      callbackScheduledV1,
      scheduledEvent(callbackScheduledV1, taskId, lineage, now, { taskId, callerE164: request.callerE164, ...(leadId ? { leadId } : {}), windowStart: window.start.toISOString(), windowEnd: window.end.toISOString(), reason: request.reason }),
    );
    return taskId;
  }

  /**
   * Schedules a callback on behalf of a staff user (the console): at `at` (a window of CALLBACK_WINDOW_MINUTES from
   * it; the person chose the time, so business hours do not move it) or, without `at`, in the next staffed window as
   * for automatic callbacks. Publishes `scheduling.callback.scheduled.v1` like every callback; the task key derives
   * from `requestId`, so a retried request schedules once (and answers the same task id).
   * @throws SchedulingException LOCATION_NOT_FOUND (unknown or a location `scope` may not see), TIME_OUT_OF_RANGE
   *   (`at` more than a minute in the past or more than STAFF_CALLBACK_MAX_DAYS ahead).
   * @returns the task id.
   */
  async scheduleByStaff(scope: AccessScope, request: { requestId: string; locationId: string; callerE164: string; leadId?: string; at?: Date; reason?: string }): Promise<string> {
    const config = await this.directory.get(request.locationId);
    if (!config || !canSeeLocation(scope, { tenantId: config.tenantId, locationId: config.locationId, regionId: config.regionId })) throw new SchedulingException(SchedulingExceptionCode.LOCATION_NOT_FOUND, `location ${request.locationId} not found`);
    const now = this.clock.now();
    if (request.at && (request.at.getTime() < now.getTime() - 60_000 || request.at.getTime() > now.getTime() + STAFF_CALLBACK_MAX_DAYS * 86_400_000)) {
      throw new SchedulingException(SchedulingExceptionCode.TIME_OUT_OF_RANGE, `a callback must be between now and ${STAFF_CALLBACK_MAX_DAYS} days ahead`);
    }
    const taskKey = `staff|${request.requestId}`;
    const lineage: Lineage = { tenantId: config.tenantId, locationId: config.locationId, correlationId: stableId(`callback-request|${request.requestId}`) };
    await this.runner.run((tx) => this.schedule(tx, lineage, { taskKey, callerE164: request.callerE164, ...(request.leadId ? { leadId: request.leadId } : {}), reason: request.reason ?? 'staff', ...(request.at ? { windowStart: request.at } : {}) }));
    return stableId(`callback|${config.locationId}|${taskKey}`);
  }
}
