import { ROUND_TRIP_METRICS } from '@textback/observability';

/** One service's round-trip counters at a moment (totals since it started), from its `/metrics`. */
export interface RoundTripCounts {
  /** PostgreSQL statements sent. */
  pg: number;
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
  const sum = (name: string) => {
    let total = 0;
    for (const line of exposition.split('\n')) {
      if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (Number.isFinite(value)) total += value;
    }
    return total;
  };
  return { pg: sum(ROUND_TRIP_METRICS.pgStatements), kafka: sum(ROUND_TRIP_METRICS.kafkaRecords), clickHouse: sum(ROUND_TRIP_METRICS.clickHouseInserts) };
}

/** `after - before`, per counter. */
export function countsBetween(before: RoundTripCounts, after: RoundTripCounts): RoundTripCounts {
  return { pg: after.pg - before.pg, kafka: after.kafka - before.kafka, clickHouse: after.clickHouse - before.clickHouse };
}

/**
 * Round trips per call: what a step used (`delta`, over `wallMs`) divided by `calls`. PostgreSQL statements first
 * lose what the service sends at rest in that time (`idlePerSecond.pg`: its polling loops), never going below 0.
 * Kafka records and ClickHouse inserts are not reduced: at rest a service produces and consumes nothing of its own,
 * and a rate seen in the idle window is traffic (the warm-up's tail, other users of the shared topics), not a cost
 * of being idle.
 */
export function perCall(delta: RoundTripCounts, idlePerSecond: RoundTripCounts, wallMs: number, calls: number): RoundTripCounts {
  return { pg: Math.max(0, (delta.pg - (idlePerSecond.pg * wallMs) / 1000) / calls), kafka: delta.kafka / calls, clickHouse: delta.clickHouse / calls };
}
