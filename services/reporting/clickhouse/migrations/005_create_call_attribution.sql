-- Tracking source of each call, keyed by the call id (= correlation id of everything that
-- follows), so events without a tracking source inherit the call's.
CREATE TABLE IF NOT EXISTS call_attribution (
  correlation_id String,
  tenant_id String,
  location_id String,
  tracking_source String,
  call_at DateTime('UTC')
) ENGINE = ReplacingMergeTree()
ORDER BY correlation_id
