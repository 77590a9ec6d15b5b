import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { SchedulingException, SchedulingExceptionCode } from './scheduling.exception';

/** Maps {@link SchedulingException} to HTTP (exhaustive over its codes). */
@Catch(SchedulingException)
export class SchedulingExceptionFilter implements ExceptionFilter {
  catch(exception: SchedulingException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    res.status(statusOf(exception.code)).json({ code: exception.code, message: exception.message });
  }
}

function statusOf(code: SchedulingExceptionCode): number {
  switch (code) {
    case SchedulingExceptionCode.LOCATION_NOT_FOUND:
    case SchedulingExceptionCode.BOOKING_NOT_FOUND:
    case SchedulingExceptionCode.DISPATCH_NOT_FOUND:
    case SchedulingExceptionCode.PAGE_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case SchedulingExceptionCode.BOOKING_NOT_ACTIVE:
    case SchedulingExceptionCode.SLOT_UNAVAILABLE:
    case SchedulingExceptionCode.BOOKING_EXISTS:
      return HttpStatus.CONFLICT;
    case SchedulingExceptionCode.TIME_OUT_OF_RANGE:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}
