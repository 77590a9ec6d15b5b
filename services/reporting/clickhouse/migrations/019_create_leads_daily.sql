-- Leads lead-crm opened (crm.lead.created.v1) per tenant, region, location, tracking source and
-- local day, so reporting's funnel reconciles with lead-crm's leads. A table of its own: on 18.16
-- a materialized view must fill every column of its target, so adding a column to measures_daily
-- would mean recreating measures_daily_mv, and rows inserted between its DROP and CREATE would
-- miss the rollup. The measures query joins it on the report's dimensions.
CREATE TABLE IF NOT EXISTS leads_daily (
  tenant_id String,
  region_id String,
  location_id String,
  tracking_source LowCardinality(String),
  local_date Date,
  leads UInt64
) ENGINE = SummingMergeTree()
PARTITION BY toYear(local_date)
ORDER BY (tenant_id, location_id, local_date, region_id, tracking_source);
CREATE MATERIALIZED VIEW IF NOT EXISTS leads_daily_mv TO leads_daily AS
SELECT tenant_id, region_id, location_id, tracking_source, local_date, count() AS leads
FROM events
WHERE event_type = 'crm.lead.created.v1'
GROUP BY tenant_id, region_id, location_id, tracking_source, local_date
