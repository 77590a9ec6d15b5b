/**
 * Measures of the ROI screen, from reporting's funnel and ROI reports (counts; money in integer cents; ROI as a ratio with 2
 * decimals): reporting computes cost and ROI (docs/architecture.md "Cost and ROI"); the screen only formats them.
 */
export interface RoiMeasures {
  missedCalls: number;
  firstTextsSent: number;
  repliedConversations: number;
  qualifiedLeads: number;
  bookings: number;
  wonJobs: number;
  recoveredRevenueCents: number;
  totalCostCents: number;
  /** Recovered revenue over cost (null when there is no cost yet). */
  roi: number | null;
}

/** The console's ROI screen: totals over the range and one row per location the user may see. */
export interface RoiSummary {
  /** First and last local day of the range, YYYY-MM-DD (each location's time zone). */
  from: string;
  to: string;
  totals: RoiMeasures;
  locations: (RoiMeasures & { locationId: string; name: string })[];
}
