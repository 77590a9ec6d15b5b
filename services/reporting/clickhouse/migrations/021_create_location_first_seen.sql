-- When reporting first saw each location (the event time of the first crm.location.config.v1 revision it stored, i.e.
-- when the tenant applied it): cost and ROI bill a location only from that local day on (roi.util.ts). A table of its
-- own because `locations` is a ReplacingMergeTree by revision, whose merges keep only the newest revision's
-- updated_at. Append-only, read with min(first_seen_at); the view copies every insert into `locations`, and the
-- INSERT backfills the locations stored before this migration (a row inserted twice changes no minimum).
CREATE TABLE IF NOT EXISTS location_first_seen (
  tenant_id String,
  location_id String,
  first_seen_at DateTime('UTC')
) ENGINE = MergeTree()
ORDER BY (tenant_id, location_id);
CREATE MATERIALIZED VIEW IF NOT EXISTS location_first_seen_mv TO location_first_seen AS
SELECT tenant_id, location_id, updated_at AS first_seen_at
FROM locations;
INSERT INTO location_first_seen (tenant_id, location_id, first_seen_at)
SELECT tenant_id, location_id, min(updated_at) FROM locations GROUP BY tenant_id, location_id
