-- Fields Canvas sent that no schema knows (extra_json) and values that failed their type (validation_issues),
-- by table and field. A duplicate delivery counts once.
WITH events AS (
  SELECT
    table_name,
    validation_issues,
    extra_json,
    row_number() OVER (PARTITION BY table_name, event_id ORDER BY ingested_at) AS delivery_rank
  FROM {{all_events}}
  WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
    AND (validation_issues IS NOT NULL OR extra_json IS NOT NULL)
),
fields AS (
  SELECT e.table_name, 'unknown_field' AS kind, f.field
  FROM events e
  CROSS JOIN UNNEST(map_keys(CAST(json_parse(e.extra_json) AS MAP(VARCHAR, JSON)))) AS f (field)
  WHERE e.delivery_rank = 1 AND e.extra_json IS NOT NULL
  UNION ALL
  SELECT e.table_name, 'invalid_value' AS kind, f.field
  FROM events e
  CROSS JOIN UNNEST(map_keys(CAST(json_parse(e.validation_issues) AS MAP(VARCHAR, JSON)))) AS f (field)
  WHERE e.delivery_rank = 1 AND e.validation_issues IS NOT NULL
)
SELECT table_name, kind, field, count(*) AS events
FROM fields
GROUP BY table_name, kind, field
ORDER BY events DESC, table_name, kind, field
