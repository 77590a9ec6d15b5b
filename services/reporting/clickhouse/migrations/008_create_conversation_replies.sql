-- First inbound reply per conversation (correlation id): the consumer flags that sms.received
-- row `reason = 'first_reply'`, so replied conversations are a plain count in measures_hourly.
CREATE TABLE IF NOT EXISTS conversation_replies (
  tenant_id String,
  correlation_id String,
  first_reply_event_id String,
  replied_at DateTime('UTC')
) ENGINE = ReplacingMergeTree()
ORDER BY (tenant_id, correlation_id)
