import { type Clock } from '../../port/clock';

/** A clock that moves only when told (tests, demos). */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date) {
    this.current = new Date(start.getTime());
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Sets the current instant. */
  set(instant: Date): void {
    this.current = new Date(instant.getTime());
  }

  /** Moves forward by `seconds`. */
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
