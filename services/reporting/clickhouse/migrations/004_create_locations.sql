-- Location read model from crm.location.config.v1 (latest revision wins; read with argMax).
CREATE TABLE IF NOT EXISTS locations (
  location_id String,
  tenant_id String,
  region_id String,
  location_name String,
  business_name String,
  time_zone String,
  currency String,
  average_ticket_cents Int64,
  revision UInt64,
  updated_at DateTime('UTC')
) ENGINE = ReplacingMergeTree(revision)
ORDER BY (tenant_id, location_id)
