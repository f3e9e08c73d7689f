-- Seconds from event_time to the first ingest of each event, per table.
WITH deliveries AS (
  SELECT
    table_name,
    event_time,
    ingested_at,
    row_number() OVER (PARTITION BY table_name, event_id ORDER BY ingested_at) AS delivery_rank
  FROM {{all_events}}
  WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
),
lags AS (
  SELECT table_name, date_diff('millisecond', event_time, ingested_at) / 1000.0 AS lag_seconds
  FROM deliveries
  WHERE delivery_rank = 1
)
SELECT
  table_name,
  count(*) AS events,
  round(approx_percentile(lag_seconds, 0.5), 3) AS p50_seconds,
  round(approx_percentile(lag_seconds, 0.9), 3) AS p90_seconds,
  round(approx_percentile(lag_seconds, 0.99), 3) AS p99_seconds,
  round(max(lag_seconds), 3) AS max_seconds
FROM lags
GROUP BY table_name
ORDER BY table_name
