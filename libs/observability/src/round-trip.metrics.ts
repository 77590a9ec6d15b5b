import { Counter, type Registry } from 'prom-client';

/** Names of the round-trip counters, as scraped from `/metrics` (the bench reads them by these names). */
export const ROUND_TRIP_METRICS = {
  /** Every statement sent to PostgreSQL by this process (TypeORM pools, LISTEN connections, raw pg clients). */
  pgStatements: 'textback_pg_statements_total',
  /**
   * Requests to PostgreSQL that each wait for their answer: one per statement, except that a `START TRANSACTION` sent
   * together with its transaction's first statement (libs/persistence `BeginFoldingPgClient`) shares that one.
   */
  pgRoundTrips: 'textback_pg_round_trips_total',
  /** Kafka records, label `direction` = `produced` | `consumed`. */
  kafkaRecords: 'textback_kafka_records_total',
  /** ClickHouse INSERT requests (one per `insert()` call, whatever its row count). */
  clickHouseInserts: 'textback_clickhouse_inserts_total',
  /** Rows carried by those INSERT requests. */
  clickHouseInsertedRows: 'textback_clickhouse_inserted_rows_total',
} as const;

/** Direction of a Kafka record as counted in {@link ROUND_TRIP_METRICS.kafkaRecords}. */
export type KafkaRecordDirection = 'produced' | 'consumed';

/**
 * The process's round trips to its stores and broker, counted where they leave the process (the pg client, the
 * Kafka producer and consumer transport, the ClickHouse client), so every later change shows its cost in
 * `npm run bench` and on `/metrics`.
 *
 * One set of counters per process, registered in no registry at creation: {@link createMetricsRegistry} adds them
 * to every service registry it makes. A process runs one service (the `service` label of the registry tells which);
 * when tests run several apps in one process they share these counters, which is fine for a count of work.
 */
export class RoundTripMeter {
  private static instance: RoundTripMeter | undefined;

  readonly pgStatements = new Counter({ name: ROUND_TRIP_METRICS.pgStatements, help: 'Statements sent to PostgreSQL (every query of every pg client of the process)', registers: [] });
  readonly pgRoundTrips = new Counter({ name: ROUND_TRIP_METRICS.pgRoundTrips, help: 'Requests sent to PostgreSQL that each wait for an answer (a START TRANSACTION sent with the next statement shares its round trip)', registers: [] });
  readonly kafkaRecords = new Counter<'direction'>({ name: ROUND_TRIP_METRICS.kafkaRecords, help: 'Kafka records produced or consumed by the process', labelNames: ['direction'], registers: [] });
  readonly clickHouseInserts = new Counter({ name: ROUND_TRIP_METRICS.clickHouseInserts, help: 'ClickHouse INSERT requests', registers: [] });
  readonly clickHouseInsertedRows = new Counter({ name: ROUND_TRIP_METRICS.clickHouseInsertedRows, help: 'Rows sent in ClickHouse INSERT requests', registers: [] });

  private constructor() {}

  /** The process-wide meter (created on first use). */
  static get(): RoundTripMeter {
    return (RoundTripMeter.instance ??= new RoundTripMeter());
  }

  /** Counts one statement sent to PostgreSQL, in a round trip of its own unless `sharedRoundTrip`. */
  pgStatement(sharedRoundTrip = false): void {
    this.pgStatements.inc();
    if (!sharedRoundTrip) this.pgRoundTrips.inc();
  }

  /** Counts `count` Kafka records going `direction`. */
  kafka(direction: KafkaRecordDirection, count = 1): void {
    if (count > 0) this.kafkaRecords.inc({ direction }, count);
  }

  /** Counts one ClickHouse INSERT request of `rows` rows. */
  clickHouseInsert(rows: number): void {
    this.clickHouseInserts.inc();
    if (rows > 0) this.clickHouseInsertedRows.inc(rows);
  }

  /** Adds the counters to `registry` (no-op for those it already holds). */
  registerIn(registry: Registry): void {
    const metrics: [string, Counter<string>][] = [
      [ROUND_TRIP_METRICS.pgStatements, this.pgStatements],
      [ROUND_TRIP_METRICS.pgRoundTrips, this.pgRoundTrips],
      [ROUND_TRIP_METRICS.kafkaRecords, this.kafkaRecords],
      [ROUND_TRIP_METRICS.clickHouseInserts, this.clickHouseInserts],
      [ROUND_TRIP_METRICS.clickHouseInsertedRows, this.clickHouseInsertedRows],
    ];
    for (const [name, metric] of metrics) if (!registry.getSingleMetric(name)) registry.registerMetric(metric);
  }
}
