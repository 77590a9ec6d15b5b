import { type Clock } from '../../port/clock';

/**
 * A clock that runs at real speed from a settable offset, for tests and benchmarks: `setNow(t)` jumps to `t`
 * (time keeps flowing from there), `advance(ms)` jumps forward. Never used in production wiring.
 */
export class ControllableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Jumps to `instant` (UTC). */
  setNow(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  /** Jumps forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
