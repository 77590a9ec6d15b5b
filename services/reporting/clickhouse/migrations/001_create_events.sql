-- Raw event store: one row per envelope from every topic, idempotent on event_id.
-- ReplacingMergeTree(ingested_at): a redelivered event (same sort key, which ends with event_id)
-- collapses to one row on merge; reads that must not double-count use FINAL or argMax.
-- Portable to ClickHouse 18.16 and current (no CODEC/TTL/DateTime64/Bool/Map).
CREATE TABLE IF NOT EXISTS events (
  event_id String,
  event_type LowCardinality(String),
  tenant_id String,
  region_id String,
  location_id String,
  tracking_source LowCardinality(String),
  correlation_id String,
  subject_id String,
  occurred_at DateTime('UTC'),
  outcome LowCardinality(String),
  reason LowCardinality(String),
  segments UInt32,
  value_cents Int64,
  actual_cents Int64,
  latency_seconds Float64,
  payload String,
  ingested_at DateTime('UTC')
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant_id, location_id, event_type, occurred_at, event_id)
SETTINGS index_granularity = 8192
