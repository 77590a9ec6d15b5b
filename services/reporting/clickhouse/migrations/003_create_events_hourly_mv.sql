CREATE MATERIALIZED VIEW IF NOT EXISTS events_hourly_mv TO events_hourly AS
SELECT
  tenant_id,
  region_id,
  location_id,
  tracking_source,
  toStartOfHour(occurred_at) AS hour,
  event_type,
  outcome,
  reason,
  countState() AS events_state,
  sumState(segments) AS segments_sum,
  sumState(value_cents) AS value_sum,
  sumState(actual_cents) AS actual_sum,
  quantilesState(0.5, 0.95)(latency_seconds) AS latency_q,
  uniqExactIfState(correlation_id, event_type = 'messaging.sms.received.v1') AS replied_conversations
FROM events
GROUP BY tenant_id, region_id, location_id, tracking_source, hour, event_type, outcome, reason
