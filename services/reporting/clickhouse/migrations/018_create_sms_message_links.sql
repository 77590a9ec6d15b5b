-- Pairing of texts with their delivery statuses (statuses carry only the message id): one row per
-- send (kind 'send', its purpose) and one per status that arrived before its send (kind 'status',
-- an orphan waiting for its send). The consumer looks a message up here by primary key to set
-- events.first_text_status on the row that completes a first text's pairing (see 013).
CREATE TABLE IF NOT EXISTS sms_message_links (
  tenant_id String,
  message_id String,
  kind LowCardinality(String),
  purpose String,
  status String,
  at DateTime('UTC')
) ENGINE = ReplacingMergeTree()
ORDER BY (tenant_id, message_id, kind)
