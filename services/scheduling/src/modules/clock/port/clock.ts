/**
 * Port: the current instant. Every time decision in scheduling (slots, due timers, deadlines,
 * quiet hours) reads it here, so tests drive time with {@link ManualClock}.
 */
export interface Clock {
  now(): Date;
}

/** Injection token of the {@link Clock}. */
export const CLOCK = Symbol('SchedulingClock');
