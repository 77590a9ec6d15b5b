/** Why a report request cannot be served. */
export enum ReportExceptionCode {
  /** Tenant, region or location not visible to the caller (or not existing): 404, never 403, so ids do not leak. */
  NOT_FOUND = 'NOT_FOUND',
  /** Range or parameters invalid: 400. */
  BAD_RANGE = 'BAD_RANGE',
}

/** Domain error of reports, mapped to HTTP in the controller. */
export class ReportException extends Error {
  constructor(
    readonly code: ReportExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportException';
  }
}
