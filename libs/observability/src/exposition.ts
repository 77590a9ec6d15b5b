/**
 * The values of the samples of metric `name` in a Prometheus text exposition (format 0.0.4, what prom-client's
 * `/metrics` serves) whose labels include every pair of `labels`, in the order they appear; comments and samples of
 * other metrics are skipped, a value that is not a number is left out. Used by the tools that read services'
 * `/metrics` (the bench, the demo's health check).
 */
export function sampleValues(text: string, name: string, labels: Record<string, string> = {}): number[] {
  const values: number[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).some(([k, v]) => have.get(k) !== v)) continue;
    const v = Number(m[4]);
    if (Number.isFinite(v)) values.push(v);
  }
  return values;
}

/** The sum of {@link sampleValues} (0 when the exposition holds no such sample). */
export function sumSamples(text: string, name: string, labels: Record<string, string> = {}): number {
  return sampleValues(text, name, labels).reduce((a, b) => a + b, 0);
}
