-- Stories (correlation ids: the missed call's id) whose caller got a first text. A caller's reply
-- counts as a replied conversation only in such a story: an on-call person's "ACK", a caller who
-- texts without having missed a call, or a reply to a suppressed first text is not a reply to a
-- first text (messaging correlates an inbound text with the caller's missed call when there is one).
CREATE TABLE IF NOT EXISTS first_text_stories (
  tenant_id String,
  correlation_id String
) ENGINE = ReplacingMergeTree()
ORDER BY (tenant_id, correlation_id);
CREATE MATERIALIZED VIEW IF NOT EXISTS first_text_stories_mv TO first_text_stories AS
SELECT tenant_id, correlation_id
FROM events
WHERE event_type = 'messaging.first-text.decided.v1' AND outcome = 'sent'
