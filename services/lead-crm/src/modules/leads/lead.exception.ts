import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';

/** Why a lead or task operation was refused. */
export enum LeadExceptionCode {
  /** Not found, or outside the caller's tenant, regions or locations (never told apart). */
  NotFound = 'not_found',
  /** Another person has taken over this conversation. */
  TakenOverByAnother = 'taken_over_by_another',
  /** The caller's role may not do this. */
  Forbidden = 'forbidden',
  InvalidCursor = 'invalid_cursor',
}

/** A domain error of the leads API; mapped to HTTP by {@link LeadExceptionFilter}. */
export class LeadException extends Error {
  constructor(
    readonly code: LeadExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'LeadException';
  }
}

/** HTTP status of each {@link LeadExceptionCode} (exhaustive). */
export function httpStatusOf(code: LeadExceptionCode): number {
  switch (code) {
    case LeadExceptionCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case LeadExceptionCode.TakenOverByAnother:
      return HttpStatus.CONFLICT;
    case LeadExceptionCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case LeadExceptionCode.InvalidCursor:
      return HttpStatus.BAD_REQUEST;
  }
}

/** Maps {@link LeadException} to `{ statusCode, error, message }`. */
@Catch(LeadException)
export class LeadExceptionFilter implements ExceptionFilter {
  catch(exception: LeadException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const statusCode = httpStatusOf(exception.code);
    res.status(statusCode).json({ statusCode, error: exception.code, message: exception.message });
  }
}
