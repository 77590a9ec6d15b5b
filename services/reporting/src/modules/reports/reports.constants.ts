/** Injection token of reporting's {@link ReportingSettings} (prices for cost and ROI). */
export const REPORTING_SETTINGS = Symbol('REPORTING_SETTINGS');
