import { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics';
import { ROUND_TRIP_METRICS, RoundTripMeter } from './round-trip.metrics';

describe(RoundTripMeter.name, () => {
  it('counts into every service registry, under the names the bench reads', async () => {
    const registry = createMetricsRegistry('spec-service');
    const meter = RoundTripMeter.get();
    const before = await registry.getSingleMetricAsString(ROUND_TRIP_METRICS.pgStatements);
    meter.pgStatement();
    meter.kafka('produced', 3);
    meter.kafka('consumed');
    meter.clickHouseInsert(20);
    const text = await registry.metrics();
    const value = (line: RegExp) => Number(line.exec(text)?.[1]);
    expect(value(/textback_pg_statements_total\{service="spec-service"\} (\d+)/)).toBe(Number(/ (\d+)$/m.exec(before)?.[1] ?? 0) + 1);
    expect(text).toMatch(/textback_kafka_records_total\{direction="produced",service="spec-service"\} \d+/);
    expect(text).toMatch(/textback_clickhouse_inserted_rows_total\{service="spec-service"\} \d+/);
  });

  it('registers once per registry however often it is asked', () => {
    const registry = new Registry();
    RoundTripMeter.get().registerIn(registry);
    RoundTripMeter.get().registerIn(registry);
    expect(registry.getMetricsAsArray().filter((m) => m.name === ROUND_TRIP_METRICS.kafkaRecords)).toHaveLength(1);
  });
});
