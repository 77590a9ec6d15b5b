import { Inject, Injectable } from '@nestjs/common';
import { callbackScheduledV1 } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { LocationDirectory, PLATFORM_ENV } from '@textback/platform';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { BusinessHoursCalendar } from '../calendar/business-hours.calendar';
import { CLOCK, type Clock } from '../clock/clock';
import { stableId } from '../clock/stable-id.util';
import { type Lineage, scheduledEvent } from '../shared/outbound-event.factory';
import { SchedulingException, SchedulingExceptionCode } from '../shared/scheduling.exception';
import { LeadRefRepository } from '../lead/lead-ref.repository';
import { CallbackRepository } from './callback.repository';

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
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
  ) {}

  /**
   * The task names the caller's open lead (`request.leadId`, else the one lead-crm last published).
   * @throws SchedulingException LOCATION_NOT_FOUND when the location is not in the directory.
   * @returns the task id, or null when the task key was already scheduled.
   */
  async schedule(tx: TransactionContext, lineage: Lineage, request: { taskKey: string; callerE164: string | null; leadId?: string; reason: string }): Promise<string | null> {
    const config = await this.directory.get(lineage.locationId);
    if (!config) throw new SchedulingException(SchedulingExceptionCode.LOCATION_NOT_FOUND, `location ${lineage.locationId} is not in the location directory`);
    const now = this.clock.now();
    const window = new BusinessHoursCalendar(config).nextStaffedWindow(now, this.env.CALLBACK_WINDOW_MINUTES) ?? { start: now, end: new Date(now.getTime() + this.env.CALLBACK_WINDOW_MINUTES * 60_000) };
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
}
