-- Daily counts by reason for missed calls, first-text decisions and failed texts, per tenant,
-- region, location, tracking source and LOCAL day (events.local_date, see 013/014).
CREATE TABLE IF NOT EXISTS reasons_daily (
  tenant_id String,
  region_id String,
  location_id String,
  tracking_source LowCardinality(String),
  local_date Date,
  event_type LowCardinality(String),
  outcome LowCardinality(String),
  reason LowCardinality(String),
  events UInt64
) ENGINE = SummingMergeTree()
PARTITION BY toYear(local_date)
ORDER BY (tenant_id, location_id, local_date, event_type, outcome, reason, region_id, tracking_source);
CREATE MATERIALIZED VIEW IF NOT EXISTS reasons_daily_mv TO reasons_daily AS
SELECT tenant_id, region_id, location_id, tracking_source, local_date, event_type, outcome, reason, count() AS events
FROM events
WHERE event_type IN ('telephony.call.missed.v1', 'messaging.first-text.decided.v1', 'messaging.sms.failed.v1')
GROUP BY tenant_id, region_id, location_id, tracking_source, local_date, event_type, outcome, reason
