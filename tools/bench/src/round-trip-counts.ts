import { ROUND_TRIP_METRICS, sampleValues as seriesValues } from '@textback/observability';

/** One service's round-trip counters at a moment (totals since it started), from its `/metrics`. */
export interface RoundTripCounts {
  /** PostgreSQL statements sent. */
  pg: number;
  /**
   * PostgreSQL round trips (a `START TRANSACTION` sent with the next statement shares its round trip); absent when the
   * services do not count them (builds before `textback_pg_round_trips_total`: there every statement is one).
   */
  pgRoundTrips?: number;
  /** Kafka records produced plus consumed. */
  kafka: number;
  /** ClickHouse INSERT requests. */
  clickHouse: number;
}

/**
 * Reads the round-trip counters ({@link ROUND_TRIP_METRICS}) out of a Prometheus text exposition; a counter the
 * text does not hold counts 0. Series with labels (Kafka's `direction`, the `service` default label) are summed.
 */
export function parseRoundTripCounts(exposition: string): RoundTripCounts {
  const sum = (name: string) => seriesValues(exposition, name).reduce((a, b) => a + b, 0);
  const roundTrips = seriesValues(exposition, ROUND_TRIP_METRICS.pgRoundTrips);
  return {
    pg: sum(ROUND_TRIP_METRICS.pgStatements),
    ...(roundTrips.length > 0 ? { pgRoundTrips: roundTrips.reduce((a, b) => a + b, 0) } : {}),
    kafka: sum(ROUND_TRIP_METRICS.kafkaRecords),
    clickHouse: sum(ROUND_TRIP_METRICS.clickHouseInserts),
  };
}

/** Texts waiting past capacity: messaging's backlog summed over its queues, and the longest wait, seconds. */
export interface TextBacklogPeak {
  due: number;
  oldestSeconds: number;
}

/**
 * Reads messaging's `textback_text_backlog{queue}` (summed over queues) and `textback_text_backlog_oldest_seconds`
 * (the largest) out of its `/metrics`; absent gauges read 0.
 */
export function parseTextBacklog(exposition: string): TextBacklogPeak {
  return {
    due: seriesValues(exposition, 'textback_text_backlog').reduce((a, b) => a + b, 0),
    oldestSeconds: Math.max(0, ...seriesValues(exposition, 'textback_text_backlog_oldest_seconds')),
  };
}

/** Keeps in `peak` the larger of each figure seen so far. */
export function mergeBacklogPeak(peak: TextBacklogPeak, seen: TextBacklogPeak): void {
  peak.due = Math.max(peak.due, seen.due);
  peak.oldestSeconds = Math.max(peak.oldestSeconds, seen.oldestSeconds);
}

/** `N (W s)`, or `-` when not sampled. */
export function fmtBacklog(peak: TextBacklogPeak | undefined): string {
  return peak ? `${peak.due} (${peak.oldestSeconds.toFixed(1)} s)` : '-';
}

/** `after - before`, per counter. */
export function countsBetween(before: RoundTripCounts, after: RoundTripCounts): RoundTripCounts {
  const roundTrips = after.pgRoundTrips !== undefined && before.pgRoundTrips !== undefined ? { pgRoundTrips: after.pgRoundTrips - before.pgRoundTrips } : {};
  return { pg: after.pg - before.pg, ...roundTrips, kafka: after.kafka - before.kafka, clickHouse: after.clickHouse - before.clickHouse };
}

/**
 * Round trips per call: what a step used (`delta`, over `wallMs`) divided by `calls`. PostgreSQL statements first
 * lose what the service sends at rest in that time (`idlePerSecond.pg`: its polling loops), never going below 0.
 * Kafka records and ClickHouse inserts are not reduced: at rest a service produces and consumes nothing of its own,
 * and a rate seen in the idle window is traffic (the warm-up's tail, other users of the shared topics), not a cost
 * of being idle.
 */
export function perCall(delta: RoundTripCounts, idlePerSecond: RoundTripCounts, wallMs: number, calls: number): RoundTripCounts {
  const roundTrips =
    delta.pgRoundTrips !== undefined ? { pgRoundTrips: Math.max(0, (delta.pgRoundTrips - ((idlePerSecond.pgRoundTrips ?? 0) * wallMs) / 1000) / calls) } : {};
  return { pg: Math.max(0, (delta.pg - (idlePerSecond.pg * wallMs) / 1000) / calls), ...roundTrips, kafka: delta.kafka / calls, clickHouse: delta.clickHouse / calls };
}
