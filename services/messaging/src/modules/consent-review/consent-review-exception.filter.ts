import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { ConsentReviewException, ConsentReviewExceptionCode } from './consent-review.exception';

/** Maps {@link ConsentReviewException} to HTTP (exhaustive over its codes). */
@Catch(ConsentReviewException)
export class ConsentReviewExceptionFilter implements ExceptionFilter {
  catch(exception: ConsentReviewException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    res.status(statusOf(exception.code)).json({ code: exception.code, message: exception.message });
  }
}

function statusOf(code: ConsentReviewExceptionCode): number {
  switch (code) {
    case ConsentReviewExceptionCode.REVIEW_NOT_FOUND:
    case ConsentReviewExceptionCode.LOCATION_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case ConsentReviewExceptionCode.REVIEW_ALREADY_RESOLVED:
      return HttpStatus.CONFLICT;
  }
}
