import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';

/** Why a location-settings request was refused. */
export enum LocationSettingsExceptionCode {
  /** No such location, or outside the caller's tenant, regions or locations (never told apart). */
  NotFound = 'not_found',
  /** The caller sees the location but their role may not change its settings. */
  Forbidden = 'forbidden',
  /** The settings break a rule of the franchise manifest; `problems` lists each. */
  Invalid = 'invalid',
  /** The settings changed since the caller read them (another save published a newer revision). */
  StaleRevision = 'stale_revision',
}

/** A domain error of the location-settings API; mapped to HTTP by {@link LocationSettingsExceptionFilter}. */
export class LocationSettingsException extends Error {
  constructor(
    readonly code: LocationSettingsExceptionCode,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'LocationSettingsException';
  }
}

/** HTTP status of each {@link LocationSettingsExceptionCode} (exhaustive). */
export function locationSettingsHttpStatus(code: LocationSettingsExceptionCode): number {
  switch (code) {
    case LocationSettingsExceptionCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case LocationSettingsExceptionCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case LocationSettingsExceptionCode.Invalid:
      return HttpStatus.BAD_REQUEST;
    case LocationSettingsExceptionCode.StaleRevision:
      return HttpStatus.CONFLICT;
  }
}

/** Maps {@link LocationSettingsException} to `{ statusCode, error, message, problems }`. */
@Catch(LocationSettingsException)
export class LocationSettingsExceptionFilter implements ExceptionFilter {
  catch(exception: LocationSettingsException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const statusCode = locationSettingsHttpStatus(exception.code);
    res.status(statusCode).json({ statusCode, error: exception.code, message: exception.message, problems: exception.problems });
  }
}
