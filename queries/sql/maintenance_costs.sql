-- What lake maintenance costs beside the ingest that makes it necessary, per UTC day (the day each
-- invocation ran). Compaction runs daily over closed partitions; replay and backfills only when started.
-- Records written before maintenance existed have no kind: they are ingest.
WITH costs AS (
  SELECT
    c.*,
    CASE
      WHEN c.kind IS NULL OR c.kind = 'ingest' THEN 'ingest'
      WHEN c.kind = 'compaction' THEN 'compaction'
      ELSE 'replay'
    END AS work
  FROM ({{> invocation_costs}}) c
)
SELECT
  dt AS day,
  sum(CASE WHEN work = 'ingest' THEN events ELSE 0 END) AS events_ingested,
  sum(CASE WHEN work = 'ingest' THEN total_usd ELSE 0 END) AS ingest_usd,
  sum(CASE WHEN work = 'compaction' THEN 1 ELSE 0 END) AS partitions_compacted,
  sum(CASE WHEN work = 'compaction' THEN rows_written ELSE 0 END) AS rows_compacted,
  sum(CASE WHEN work = 'compaction' THEN duplicate_rows ELSE 0 END) AS duplicates_removed,
  sum(CASE WHEN work = 'compaction' THEN total_usd ELSE 0 END) AS compaction_usd,
  sum(CASE WHEN work = 'replay' THEN total_usd ELSE 0 END) AS replay_usd,
  sum(total_usd) AS total_usd,
  round(100.0 * sum(CASE WHEN work <> 'ingest' THEN total_usd ELSE 0 END) / nullif(sum(total_usd), 0), 2) AS maintenance_percent,
  sum(CASE WHEN work = 'ingest' THEN total_usd ELSE 0 END) * 1000000.0
    / nullif(sum(CASE WHEN work = 'ingest' THEN events ELSE 0 END), 0) AS ingest_usd_per_million_events
FROM costs
GROUP BY dt
ORDER BY day
