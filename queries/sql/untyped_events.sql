-- Event types that land in other_events because no table knows them yet, by name and format: what still arrives
-- untyped in this lake's own traffic. A duplicate delivery counts once. A type that keeps showing up is a
-- candidate for a schema (docs/event-sources.md).
WITH deliveries AS (
  SELECT
    event_name,
    source_format,
    event_time,
    dt,
    row_number() OVER (PARTITION BY event_id ORDER BY ingested_at) AS delivery_rank
  FROM other_events
  WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
)
SELECT
  event_name,
  source_format,
  count(*) AS events,
  count(DISTINCT dt) AS days,
  min(event_time) AS first_seen,
  max(event_time) AS last_seen
FROM deliveries
WHERE delivery_rank = 1
GROUP BY event_name, source_format
ORDER BY events DESC, event_name, source_format
