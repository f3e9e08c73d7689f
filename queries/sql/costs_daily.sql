-- Estimated cost per UTC day, with its components and volumes.
WITH costs AS ({{> invocation_costs}})
SELECT
  dt AS day,
  count(*) AS invocations,
  sum(messages) AS messages,
  sum(events) AS events,
  sum(rows_written) AS rows_written,
  sum(quarantined) AS quarantined,
  sum(lambda_compute_usd) AS lambda_compute_usd,
  sum(lambda_request_usd) AS lambda_request_usd,
  sum(s3_put_usd) AS s3_put_usd,
  sum(sqs_usd) AS sqs_usd,
  sum(total_usd) AS total_usd,
  sum(total_usd) * 1000000.0 / nullif(sum(events), 0) AS usd_per_million_events
FROM costs
GROUP BY dt
ORDER BY day
