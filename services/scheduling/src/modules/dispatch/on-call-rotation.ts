import { type LocationConfig } from '@textback/contracts';
import { DateTime } from 'luxon';
import { inDailyWindow, minutesOfDay, weekdayKey } from '../calendar/local-time.util';
import { type EscalationEntry } from './dispatch.types';

type RotationMember = NonNullable<LocationConfig['onCall']['rotation']>[number];

/**
 * A location's on-call rotation (LocationConfig `onCall.rotation`, local times in `timeZone`).
 * The escalation list at an instant is every member on duty then, in list order, followed by
 * the location's manager (`onCall.managerE164`) as the last resort.
 */
export class OnCallRotation {
  constructor(private readonly config: Pick<LocationConfig, 'timeZone' | 'onCall'>) {}

  /** Escalation list at `at`: on-duty members in order, then the manager (if configured). */
  escalationList(at: Date): EscalationEntry[] {
    const members = (this.config.onCall.rotation ?? []).filter((m) => this.onDuty(m, at)).map((m): EscalationEntry => ({ name: m.name, e164: m.e164, role: 'on_call' }));
    const manager = this.config.onCall.managerE164;
    if (manager && !members.some((m) => m.e164 === manager)) members.push({ name: 'Manager', e164: manager, role: 'manager' });
    return members;
  }

  /**
   * True when `member` is on duty at `at`: on one of `days` (all when absent) and inside
   * [start, end) local time (all day when absent; a window may cross midnight, in which case
   * the hours after midnight belong to the previous day's shift).
   */
  private onDuty(member: RotationMember, at: Date): boolean {
    const zone = this.config.timeZone;
    const start = member.start ?? '00:00';
    const end = member.end ?? '24:00';
    const local = DateTime.fromJSDate(at, { zone });
    const crossesMidnight = end !== '24:00' && minutesOfDay(end) <= minutesOfDay(start);
    const inWindow = end === '24:00' ? local.hour * 60 + local.minute >= minutesOfDay(start) : inDailyWindow(at, zone, start, end);
    if (!inWindow) return false;
    if (!member.days || member.days.length === 0) return true;
    const shiftDay = crossesMidnight && local.hour * 60 + local.minute < minutesOfDay(end) ? local.minus({ days: 1 }) : local;
    return member.days.includes(weekdayKey(shiftDay));
  }
}
