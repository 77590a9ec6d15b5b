import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type TransactionContext } from '@textback/persistence';
import { LocationDirectory, PLATFORM_ENV } from '@textback/platform';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { inDailyWindow, nextLocalTime } from '../calendar/local-time.util';
import { CLOCK, type Clock } from '../clock/port/clock';
import { type Lineage, sendTextCommand } from '../shared/outbound-event.factory';
import { smsSendCommandV1 } from '@textback/contracts';
import { DurableTimerService } from '../timers/durable-timer.service';
import { type DueTimer } from '../timers/timer.types';
import { type FollowUpStep, parseFollowUpSteps, stepDueAt } from './follow-up-steps.util';
import { CALLER_OPEN_LEAD, type CadenceKind, FollowUpRepository } from './follow-up.repository';

const STEP_TIMER = 'follow-up.step';

/** Why a cadence stopped. */
export type CadenceStopReason = 'reply' | 'booking' | 'opt_out' | 'takeover' | 'lead_closed';

/**
 * Follow-up cadences for leads that never replied or engaged without booking: steps from
 * FOLLOW_UP_STEPS (each relative to the previous step), each a `follow_up` text through
 * messaging (automated, so messaging's consent rules apply too). A step that falls in the
 * location's quiet hours is deferred to their end (local time). A reply, booking, opt-out,
 * staff takeover or closed lead stops the cadence and cancels its timer.
 */
@Injectable()
export class FollowUpService implements OnModuleInit {
  private readonly steps: FollowUpStep[];

  constructor(
    private readonly cadences: FollowUpRepository,
    private readonly timers: DurableTimerService,
    private readonly directory: LocationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
  ) {
    this.steps = parseFollowUpSteps(env.FOLLOW_UP_STEPS);
  }

  onModuleInit(): void {
    // Routine: a due escalation or page call goes first (TimerPriority).
    this.timers.register(STEP_TIMER, (tx, timer) => this.sendStep(tx, timer), { priority: 'routine' });
  }

  /**
   * Starts a cadence for the caller unless one is active. `leadId` {@link CALLER_OPEN_LEAD}: the caller's open lead as
   * scheduling knows it (read by the cadence's INSERT). @returns true when started.
   */
  async start(tx: TransactionContext, lineage: Lineage, callerE164: string, kind: CadenceKind, leadId: string | null | typeof CALLER_OPEN_LEAD): Promise<boolean> {
    const config = await this.directory.get(lineage.locationId);
    const first = this.steps[0];
    if (!config || !first) return false;
    const now = this.clock.now();
    const cadenceId = await this.cadences.insertActive(tx.handle, { tenantId: lineage.tenantId, locationId: lineage.locationId, callerE164, leadId, correlationId: lineage.correlationId, kind }, now);
    if (!cadenceId) return false;
    await this.timers.schedule(tx, { key: stepKey(cadenceId, 0), kind: STEP_TIMER, dueAt: stepDueAt(first, now, config.timeZone, this.env.FOLLOW_UP_MORNING), payload: { cadenceId, step: 0 } });
    return true;
  }

  /** Stops the caller's active cadences (one location, or every location of the tenant) and cancels their timers. */
  async stop(tx: TransactionContext, scope: { tenantId: string; locationId?: string }, callerE164: string, reason: CadenceStopReason): Promise<number> {
    const stopped = await this.cadences.stopActive(tx.handle, scope, callerE164, reason, this.clock.now());
    for (const id of stopped) await this.timers.cancel(tx, `follow-up:${id}:`);
    return stopped.length;
  }

  private async sendStep(tx: TransactionContext, timer: DueTimer): Promise<void> {
    const { cadenceId, step } = timer.payload as { cadenceId: string; step: number };
    const cadence = await this.cadences.lock(tx.handle, cadenceId);
    if (!cadence || cadence.status !== 'active' || cadence.nextStep !== step) return;
    const config = await this.directory.get(cadence.locationId);
    if (!config) return;
    const now = this.clock.now();
    if (inDailyWindow(now, config.timeZone, config.quietHours.start, config.quietHours.end)) {
      await this.timers.reschedule(tx, timer.key, nextLocalTime(now, config.timeZone, config.quietHours.end));
      return;
    }
    const lineage: Lineage = { tenantId: cadence.tenantId, locationId: cadence.locationId, correlationId: cadence.correlationId };
    const body = followUpText(config.businessName, cadence.kind, step, config.templates);
    await tx.publish(smsSendCommandV1, sendTextCommand(lineage, now, { key: stepKey(cadenceId, step), to: cadence.callerE164, body, purpose: 'follow_up', automated: true }));
    const next = this.steps[step + 1];
    if (!next) {
      await this.cadences.complete(tx.handle, cadenceId, now);
      return;
    }
    await this.cadences.setNextStep(tx.handle, cadenceId, step + 1);
    await this.timers.schedule(tx, { key: stepKey(cadenceId, step + 1), kind: STEP_TIMER, dueAt: stepDueAt(next, now, config.timeZone, this.env.FOLLOW_UP_MORNING), payload: { cadenceId, step: step + 1 } });
  }
}

function stepKey(cadenceId: string, step: number): string {
  return `follow-up:${cadenceId}:${step}`;
}

/** Wording of a follow-up step; a location template `follow_up_<kind>_<step+1>` (with `{{businessName}}`) overrides it. */
function followUpText(businessName: string, kind: CadenceKind, step: number, templates: Record<string, string>): string {
  const override = templates[`follow_up_${kind}_${step + 1}`];
  if (override) return override.replaceAll('{{businessName}}', businessName);
  if (kind === 'not_booked') return step === 0 ? `${businessName}: still want to get on the schedule? Reply with a day and time that works and we'll book it.` : `${businessName}: checking in. We can still help. Reply here any time to book.`;
  return step === 0 ? `${businessName}: sorry we missed your call. How can we help? Just reply to this text.` : `${businessName}: still need help? Reply here and we'll take care of it.`;
}
