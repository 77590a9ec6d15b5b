/** Prices reporting uses for cost and ROI (from the environment). */
export interface ReportingSettings {
  /** Cents per SMS segment (fractional allowed). */
  smsPricePerSegmentCents: number;
  /** Platform cents per location per month (prorated by days / 30.4375). */
  platformCostPerLocationMonthCents: number;
}
