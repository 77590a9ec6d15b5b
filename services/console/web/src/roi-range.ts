/** A local calendar day `YYYY-MM-DD` of `d` in the browser's time zone (not UTC: after 6 pm in Chicago UTC is tomorrow). */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The ROI screen's default range: the last 30 local days, today included. reporting bills cost only for the days each
 * location existed up to its own today, so any range covering a location's life gives the same cost and ROI.
 */
export function defaultRoiRange(now: Date): { from: string; to: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29, 12);
  return { from: localDay(start), to: localDay(now) };
}
