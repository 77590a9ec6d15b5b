-- Daily rollup per tenant, region, location, tracking source and LOCAL calendar day: `local_date`
-- is the day in the location's time zone, computed by the consumer at insert time (luxon, from the
-- location's config), so day / ISO week / month buckets of any zone (half-hour offsets and DST
-- included) are sums over this small table (locations x days x sources rows: 18k for 50 locations
-- over 90 days) instead of hourly UTC rows bucketed per zone at read time. Partitioned by year
-- (the table is small), so background merges keep few parts per query.
-- One column per measure (counts; money in cents); SummingMergeTree adds rows of the same key on
-- merge, so read with sum() and GROUP BY (never FINAL). first_texts_delivered / first_texts_failed
-- count delivery statuses of FIRST TEXTS only (the consumer pairs a status with its send by message
-- id, see events.first_text_status); texts_delivered / texts_failed count every SMS.
-- Latency histograms as summed maps (SummingMergeTree adds Nested `*Map` columns by key): bucket
-- i (1-based) counts latencies in (bound[i-1], bound[i]] seconds, bounds 1,2,3,4,5,7,10,15,20,30,
-- 45,60,90,120,180,300,600,1800,3600,86400 (the last = more than an hour); ttftMap time to first
-- text, ackMap time to dispatcher acknowledgement. Two array pairs instead of 40 columns: a
-- 90-day funnel reads 4 histogram columns. Read with sumMap(ttftMap.bucket, ttftMap.n).
-- Exactness: fed by measures_daily_mv on every insert into `events`; the consumer drops
-- redeliveries before inserting, so each event is counted once.
CREATE TABLE IF NOT EXISTS measures_daily (
  tenant_id String,
  region_id String,
  location_id String,
  tracking_source LowCardinality(String),
  local_date Date,
  calls UInt64,
  answered_calls UInt64,
  missed_calls UInt64,
  voicemails UInt64,
  first_texts_sent UInt64,
  first_texts_suppressed UInt64,
  first_texts_deferred UInt64,
  first_text_sms_sent UInt64,
  texts_sent UInt64,
  sms_segments UInt64,
  texts_delivered UInt64,
  texts_failed UInt64,
  first_texts_delivered UInt64,
  first_texts_failed UInt64,
  replied_conversations UInt64,
  qualified_leads UInt64,
  urgent_leads UInt64,
  pages UInt64,
  escalations UInt64,
  acknowledged UInt64,
  bookings UInt64,
  booking_estimate_cents Int64,
  cancellations UInt64,
  callbacks UInt64,
  opt_outs UInt64,
  won_in UInt64,
  won_out UInt64,
  won_revenue_in_cents Int64,
  won_revenue_out_cents Int64,
  booked_in_cents Int64,
  booked_out_cents Int64,
  ttftMap Nested(bucket UInt8, n UInt64),
  ackMap Nested(bucket UInt8, n UInt64)
) ENGINE = SummingMergeTree()
PARTITION BY toYear(local_date)
ORDER BY (tenant_id, location_id, local_date, region_id, tracking_source)
SETTINGS index_granularity = 8192
