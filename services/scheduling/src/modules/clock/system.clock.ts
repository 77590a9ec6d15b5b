import { type Clock } from './clock';

/** The machine's wall clock (production). */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
