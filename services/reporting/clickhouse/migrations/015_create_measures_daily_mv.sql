-- Pivot of `events` into measures_daily (see 014). Lead stage flow (crm.lead.stage-changed.v1:
-- outcome = new stage, reason = previous stage): entering `won` adds the realised value, leaving it
-- subtracts; entering `booked` adds the estimate, leaving it subtracts. first_text_status is set
-- on the row that completes the pairing of a first-text send with its delivery status.
CREATE MATERIALIZED VIEW IF NOT EXISTS measures_daily_mv TO measures_daily AS
SELECT
  tenant_id,
  region_id,
  location_id,
  tracking_source,
  local_date,
  countIf(event_type = 'telephony.call.received.v1') AS calls,
  countIf(event_type = 'telephony.call.answered.v1') AS answered_calls,
  countIf(event_type = 'telephony.call.missed.v1') AS missed_calls,
  countIf(event_type = 'telephony.call.voicemail.v1') AS voicemails,
  countIf(event_type = 'messaging.first-text.decided.v1' AND outcome = 'sent') AS first_texts_sent,
  countIf(event_type = 'messaging.first-text.decided.v1' AND outcome = 'suppressed') AS first_texts_suppressed,
  countIf(event_type = 'messaging.first-text.decided.v1' AND outcome = 'deferred') AS first_texts_deferred,
  countIf(event_type = 'messaging.sms.sent.v1' AND outcome = 'first_text') AS first_text_sms_sent,
  countIf(event_type = 'messaging.sms.sent.v1') AS texts_sent,
  sumIf(toUInt64(segments), event_type = 'messaging.sms.sent.v1') AS sms_segments,
  countIf(event_type = 'messaging.sms.delivered.v1') AS texts_delivered,
  countIf(event_type = 'messaging.sms.failed.v1') AS texts_failed,
  countIf(first_text_status = 'delivered') AS first_texts_delivered,
  countIf(first_text_status = 'failed') AS first_texts_failed,
  countIf(event_type = 'messaging.sms.received.v1' AND reason = 'first_reply') AS replied_conversations,
  countIf(event_type = 'conversation.lead.qualified.v1') AS qualified_leads,
  countIf(event_type = 'conversation.urgent.detected.v1') AS urgent_leads,
  countIf(event_type = 'scheduling.dispatch.paged.v1') AS pages,
  countIf(event_type = 'scheduling.dispatch.escalated.v1') AS escalations,
  countIf(event_type = 'scheduling.dispatch.acknowledged.v1') AS acknowledged,
  countIf(event_type = 'scheduling.booking.confirmed.v1' AND outcome = 'new') AS bookings,
  sumIf(value_cents, event_type = 'scheduling.booking.confirmed.v1' AND outcome = 'new') AS booking_estimate_cents,
  countIf(event_type = 'scheduling.booking.cancelled.v1') AS cancellations,
  countIf(event_type = 'scheduling.callback.scheduled.v1') AS callbacks,
  countIf(event_type = 'messaging.consent.opted-out.v1') AS opt_outs,
  countIf(event_type = 'crm.lead.stage-changed.v1' AND outcome = 'won') AS won_in,
  countIf(event_type = 'crm.lead.stage-changed.v1' AND reason = 'won') AS won_out,
  sumIf(actual_cents, event_type = 'crm.lead.stage-changed.v1' AND outcome = 'won') AS won_revenue_in_cents,
  sumIf(actual_cents, event_type = 'crm.lead.stage-changed.v1' AND reason = 'won') AS won_revenue_out_cents,
  sumIf(value_cents, event_type = 'crm.lead.stage-changed.v1' AND outcome = 'booked') AS booked_in_cents,
  sumIf(value_cents, event_type = 'crm.lead.stage-changed.v1' AND reason = 'booked') AS booked_out_cents,
  tupleElement(sumMapIf([toUInt8(multiIf(latency_seconds <= 1, 1, latency_seconds <= 2, 2, latency_seconds <= 3, 3, latency_seconds <= 4, 4, latency_seconds <= 5, 5, latency_seconds <= 7, 6, latency_seconds <= 10, 7, latency_seconds <= 15, 8, latency_seconds <= 20, 9, latency_seconds <= 30, 10, latency_seconds <= 45, 11, latency_seconds <= 60, 12, latency_seconds <= 90, 13, latency_seconds <= 120, 14, latency_seconds <= 180, 15, latency_seconds <= 300, 16, latency_seconds <= 600, 17, latency_seconds <= 1800, 18, latency_seconds <= 3600, 19, 20))], [toUInt64(1)], event_type = 'messaging.first-text.decided.v1' AND outcome = 'sent'), 1) AS `ttftMap.bucket`,
  tupleElement(sumMapIf([toUInt8(multiIf(latency_seconds <= 1, 1, latency_seconds <= 2, 2, latency_seconds <= 3, 3, latency_seconds <= 4, 4, latency_seconds <= 5, 5, latency_seconds <= 7, 6, latency_seconds <= 10, 7, latency_seconds <= 15, 8, latency_seconds <= 20, 9, latency_seconds <= 30, 10, latency_seconds <= 45, 11, latency_seconds <= 60, 12, latency_seconds <= 90, 13, latency_seconds <= 120, 14, latency_seconds <= 180, 15, latency_seconds <= 300, 16, latency_seconds <= 600, 17, latency_seconds <= 1800, 18, latency_seconds <= 3600, 19, 20))], [toUInt64(1)], event_type = 'messaging.first-text.decided.v1' AND outcome = 'sent'), 2) AS `ttftMap.n`,
  tupleElement(sumMapIf([toUInt8(multiIf(latency_seconds <= 1, 1, latency_seconds <= 2, 2, latency_seconds <= 3, 3, latency_seconds <= 4, 4, latency_seconds <= 5, 5, latency_seconds <= 7, 6, latency_seconds <= 10, 7, latency_seconds <= 15, 8, latency_seconds <= 20, 9, latency_seconds <= 30, 10, latency_seconds <= 45, 11, latency_seconds <= 60, 12, latency_seconds <= 90, 13, latency_seconds <= 120, 14, latency_seconds <= 180, 15, latency_seconds <= 300, 16, latency_seconds <= 600, 17, latency_seconds <= 1800, 18, latency_seconds <= 3600, 19, 20))], [toUInt64(1)], event_type = 'scheduling.dispatch.acknowledged.v1'), 1) AS `ackMap.bucket`,
  tupleElement(sumMapIf([toUInt8(multiIf(latency_seconds <= 1, 1, latency_seconds <= 2, 2, latency_seconds <= 3, 3, latency_seconds <= 4, 4, latency_seconds <= 5, 5, latency_seconds <= 7, 6, latency_seconds <= 10, 7, latency_seconds <= 15, 8, latency_seconds <= 20, 9, latency_seconds <= 30, 10, latency_seconds <= 45, 11, latency_seconds <= 60, 12, latency_seconds <= 90, 13, latency_seconds <= 120, 14, latency_seconds <= 180, 15, latency_seconds <= 300, 16, latency_seconds <= 600, 17, latency_seconds <= 1800, 18, latency_seconds <= 3600, 19, 20))], [toUInt64(1)], event_type = 'scheduling.dispatch.acknowledged.v1'), 2) AS `ackMap.n`
FROM events
GROUP BY tenant_id, region_id, location_id, tracking_source, local_date
