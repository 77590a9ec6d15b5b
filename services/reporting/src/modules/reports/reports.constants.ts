/** Injection token of reporting's {@link ReportingSettings} (prices for cost and ROI). */
export const REPORTING_SETTINGS = Symbol('REPORTING_SETTINGS');

/** Injection token of the {@link ReportingClock} reports read "today" from (cost stops at each location's today). */
export const REPORTING_CLOCK = Symbol('REPORTING_CLOCK');

/** The clock reports read (the system clock in the service; a fixed instant in specs). */
export interface ReportingClock {
  now(): Date;
}

/** The system clock. */
export const systemReportingClock: ReportingClock = { now: () => new Date() };
