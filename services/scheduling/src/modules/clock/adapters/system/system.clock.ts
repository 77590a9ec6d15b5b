import { type Clock } from '../../port/clock';

/** The machine's wall clock (production). */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
