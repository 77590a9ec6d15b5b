CREATE MATERIALIZED VIEW IF NOT EXISTS reasons_hourly_mv TO reasons_hourly AS
SELECT tenant_id, region_id, location_id, toStartOfHour(occurred_at) AS hour, event_type, outcome, reason, count() AS events
FROM events
WHERE event_type IN ('telephony.call.missed.v1', 'messaging.first-text.decided.v1', 'messaging.sms.failed.v1')
GROUP BY tenant_id, region_id, location_id, hour, event_type, outcome, reason
