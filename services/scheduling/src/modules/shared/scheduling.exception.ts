/** Domain error codes of scheduling (mapped to HTTP by SchedulingExceptionFilter). */
export enum SchedulingExceptionCode {
  LOCATION_NOT_FOUND = 'LOCATION_NOT_FOUND',
  BOOKING_NOT_FOUND = 'BOOKING_NOT_FOUND',
  BOOKING_NOT_ACTIVE = 'BOOKING_NOT_ACTIVE',
  SLOT_UNAVAILABLE = 'SLOT_UNAVAILABLE',
  /** The caller already has an upcoming booking at the location (reschedule that one instead). */
  BOOKING_EXISTS = 'BOOKING_EXISTS',
  /** A requested time is in the past or too far ahead. */
  TIME_OUT_OF_RANGE = 'TIME_OUT_OF_RANGE',
  DISPATCH_NOT_FOUND = 'DISPATCH_NOT_FOUND',
  PAGE_NOT_FOUND = 'PAGE_NOT_FOUND',
}

/** A scheduling rule was broken or a record is missing. */
export class SchedulingException extends Error {
  constructor(
    readonly code: SchedulingExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'SchedulingException';
  }

  /**
   * For the event consumer (`isPermanentFailure` of @textback/kafka): an event for a location scheduling does not
   * know cannot succeed by retrying, so it is dead-lettered at once; any other rule is retried.
   */
  get retriable(): boolean {
    return this.code !== SchedulingExceptionCode.LOCATION_NOT_FOUND;
  }
}
