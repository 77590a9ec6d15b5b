-- reasons_hourly split by tracking source as well (read only for tracking-source filters).
-- Hourly counts by reason for missed calls, first-text decisions and failed texts.
CREATE TABLE IF NOT EXISTS reasons_by_source_hourly (
  tenant_id String,
  region_id String,
  location_id String,
  tracking_source LowCardinality(String),
  hour DateTime('UTC'),
  event_type LowCardinality(String),
  outcome LowCardinality(String),
  reason LowCardinality(String),
  events UInt64
) ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, location_id, hour, event_type, outcome, reason, region_id, tracking_source)
