import { DateTime } from 'luxon';
import { atLocalTime } from '../calendar/local-time.util';

/** One cadence step, relative to the previous one: a fixed delay, or the next local morning. */
export type FollowUpStep = { kind: 'delay'; seconds: number } | { kind: 'next_morning' };

/**
 * Parses FOLLOW_UP_STEPS (`1h,next_morning,3d`: `<n>m`, `<n>h`, `<n>d` or `next_morning`).
 * @throws Error naming the bad step.
 */
export function parseFollowUpSteps(spec: string): FollowUpStep[] {
  return spec.split(',').map((raw) => {
    const s = raw.trim();
    if (s === 'next_morning') return { kind: 'next_morning' };
    const m = /^(\d+)([mhd])$/.exec(s);
    if (!m) throw new Error(`bad follow-up step "${s}"`);
    const unit = { m: 60, h: 3_600, d: 86_400 }[m[2] as 'm' | 'h' | 'd'];
    return { kind: 'delay', seconds: Number(m[1]) * unit };
  });
}

/** When a step is due, from the previous instant `from`; `morning` is local `HH:mm` in `zone`. */
export function stepDueAt(step: FollowUpStep, from: Date, zone: string, morning: string): Date {
  if (step.kind === 'delay') return new Date(from.getTime() + step.seconds * 1000);
  return atLocalTime(DateTime.fromJSDate(from, { zone }).plus({ days: 1 }), morning).toJSDate();
}
