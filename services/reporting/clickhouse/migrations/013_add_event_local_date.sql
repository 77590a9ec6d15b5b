-- Per-event columns the daily rollup needs, filled by the consumer at insert time:
-- local_date: the event's calendar day in its location's time zone (luxon; the tz argument of
--   toDate() must be a constant, so it cannot be computed per row in SQL on 18.16). Rows stored
--   before this migration read the default, their UTC day.
-- first_text_status: 'delivered' / 'failed' on the row that completes the pairing of a first-text
--   send (messaging.sms.sent.v1, purpose first_text) with its delivery status (same message id),
--   whichever of the two arrives second; '' otherwise.
-- The migrator skips an ADD COLUMN whose column already exists (18.16 has no IF NOT EXISTS here).
ALTER TABLE events ADD COLUMN local_date Date DEFAULT toDate(occurred_at);
ALTER TABLE events ADD COLUMN first_text_status String DEFAULT ''
