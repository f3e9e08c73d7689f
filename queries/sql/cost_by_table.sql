-- Each event table's share of the cost: every invocation's cost is split by the rows it wrote to each table.
-- Invocations that wrote no rows (only quarantine records, say) appear as "(no rows written)", so the
-- shares add up to the total cost.
WITH costs AS ({{> invocation_costs}}),
per_table AS (
  SELECT
    c.request_id,
    c.total_usd,
    t.table_name,
    element_at(CAST(json_parse(c.table_rows) AS MAP(VARCHAR, BIGINT)), t.table_name) AS table_rows
  FROM costs c
  CROSS JOIN UNNEST(map_keys(CAST(json_parse(c.table_rows) AS MAP(VARCHAR, BIGINT)))) AS t (table_name)
),
shares AS (
  SELECT
    table_name,
    table_rows,
    total_usd * table_rows / sum(table_rows) OVER (PARTITION BY request_id) AS usd
  FROM per_table
  UNION ALL
  SELECT '(no rows written)', 0, total_usd
  FROM costs
  WHERE cardinality(CAST(json_parse(table_rows) AS MAP(VARCHAR, BIGINT))) = 0
)
SELECT
  table_name,
  sum(table_rows) AS rows_written,
  sum(usd) AS usd,
  round(100.0 * sum(usd) / sum(sum(usd)) OVER (), 2) AS percent,
  sum(usd) * 1000000.0 / nullif(sum(table_rows), 0) AS usd_per_million_rows
FROM shares
GROUP BY table_name
ORDER BY usd DESC, table_name
