-- Hourly rollup per tenant, region, location, tracking source and hour (UTC), split by event
-- type / outcome / reason. Filled by events_hourly_mv; read with countMerge, sumMerge,
-- quantilesMerge(0.5, 0.95), uniqExactIfMerge.
CREATE TABLE IF NOT EXISTS events_hourly (
  tenant_id String,
  region_id String,
  location_id String,
  tracking_source LowCardinality(String),
  hour DateTime('UTC'),
  event_type LowCardinality(String),
  outcome LowCardinality(String),
  reason LowCardinality(String),
  events_state AggregateFunction(count),
  segments_sum AggregateFunction(sum, UInt32),
  value_sum AggregateFunction(sum, Int64),
  actual_sum AggregateFunction(sum, Int64),
  latency_q AggregateFunction(quantiles(0.5, 0.95), Float64),
  replied_conversations AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, location_id, hour, event_type, outcome, reason, region_id, tracking_source)
SETTINGS index_granularity = 8192
