/** Percentile of `values` (nearest-rank), in the values' unit; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Formats milliseconds with one decimal. */
export function ms(v: number): string {
  return `${v.toFixed(1)} ms`;
}
