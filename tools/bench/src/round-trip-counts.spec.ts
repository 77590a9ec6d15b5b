import { countsBetween, fmtBacklog, mergeBacklogPeak, parseRoundTripCounts, parseTextBacklog, perCall } from './round-trip-counts';

describe('parseRoundTripCounts', () => {
  it('sums the labelled series of each counter and ignores look-alike names', () => {
    const text = [
      '# HELP textback_pg_statements_total Statements sent to PostgreSQL',
      '# TYPE textback_pg_statements_total counter',
      'textback_pg_statements_total{service="messaging"} 120',
      'textback_pg_statements_total_extra{service="messaging"} 999',
      'textback_kafka_records_total{direction="produced",service="messaging"} 7',
      'textback_kafka_records_total{direction="consumed",service="messaging"} 5',
      'textback_clickhouse_inserts_total 3',
      'textback_clickhouse_inserted_rows_total 300',
    ].join('\n');
    expect(parseRoundTripCounts(text)).toEqual({ pg: 120, kafka: 12, clickHouse: 3 });
  });

  it('reads the PostgreSQL round trips when the services count them, and subtracts their idle rate like statements', () => {
    const text = ['textback_pg_statements_total{service="lead-crm"} 130', 'textback_pg_round_trips_total{service="lead-crm"} 100'].join('\n');
    const counts = parseRoundTripCounts(text);
    expect(counts).toEqual({ pg: 130, pgRoundTrips: 100, kafka: 0, clickHouse: 0 });
    const delta = countsBetween({ pg: 30, pgRoundTrips: 20, kafka: 0, clickHouse: 0 }, counts);
    expect(perCall(delta, { pg: 1, pgRoundTrips: 1, kafka: 0, clickHouse: 0 }, 10_000, 10)).toEqual({ pg: 9, pgRoundTrips: 7, kafka: 0, clickHouse: 0 });
  });

  it('counts 0 for counters the text does not hold', () => {
    expect(parseRoundTripCounts('process_cpu_seconds_total 4\n')).toEqual({ pg: 0, kafka: 0, clickHouse: 0 });
  });
});

describe('perCall', () => {
  it('subtracts the idle statement rate over the step before dividing by the calls, and nothing from records and inserts', () => {
    const delta = countsBetween({ pg: 100, kafka: 10, clickHouse: 0 }, { pg: 1100, kafka: 410, clickHouse: 100 });
    expect(perCall(delta, { pg: 10, kafka: 5, clickHouse: 1 }, 20_000, 100)).toEqual({ pg: 8, kafka: 4, clickHouse: 1 });
  });

  it('never gives fewer than 0 statements per call when idle use varied more than the load added', () => {
    expect(perCall({ pg: 100, kafka: 0, clickHouse: 0 }, { pg: 10, kafka: 0, clickHouse: 0 }, 20_000, 100).pg).toBe(0);
  });
});

describe('parseTextBacklog', () => {
  it('sums the due texts over the queues and keeps the longest wait; merging keeps the peaks', () => {
    const text = [
      '# TYPE textback_text_backlog gauge',
      'textback_text_backlog{queue="first_text_job",service="messaging"} 40',
      'textback_text_backlog{queue="outbound_message",service="messaging"} 2',
      'textback_text_backlog_oldest_seconds{queue="first_text_job",service="messaging"} 3.5',
      'textback_text_backlog_oldest_seconds{queue="outbound_message",service="messaging"} 0.25',
    ].join('\n');
    const peak = { due: 0, oldestSeconds: 0 };
    mergeBacklogPeak(peak, parseTextBacklog(text));
    mergeBacklogPeak(peak, parseTextBacklog('textback_text_backlog{queue="first_text_job"} 7\ntextback_text_backlog_oldest_seconds{queue="first_text_job"} 9\n'));
    expect(peak).toEqual({ due: 42, oldestSeconds: 9 });
    expect(fmtBacklog(peak)).toBe('42 (9.0 s)');
  });

  it('reads 0 when messaging exposes no backlog gauges', () => {
    expect(parseTextBacklog('process_cpu_seconds_total 4\n')).toEqual({ due: 0, oldestSeconds: 0 });
  });
});
