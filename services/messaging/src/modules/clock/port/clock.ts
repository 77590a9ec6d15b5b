/** Injection token of the {@link Clock} every time-based decision of messaging reads. */
export const CLOCK = Symbol('MessagingClock');

/** Source of "now" (UTC instants). Production uses the system clock; tests inject a controllable one. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
