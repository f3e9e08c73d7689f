-- Estimated USD per million events over the period, by cost component.
WITH costs AS ({{> invocation_costs}})
SELECT
  min(dt) AS first_day,
  max(dt) AS last_day,
  count(*) AS invocations,
  sum(events) AS events,
  sum(total_usd) AS total_usd,
  sum(total_usd) * 1000000.0 / nullif(sum(events), 0) AS usd_per_million_events,
  sum(lambda_compute_usd) * 1000000.0 / nullif(sum(events), 0) AS lambda_compute_usd_per_million,
  sum(lambda_request_usd) * 1000000.0 / nullif(sum(events), 0) AS lambda_request_usd_per_million,
  sum(s3_put_usd) * 1000000.0 / nullif(sum(events), 0) AS s3_put_usd_per_million,
  sum(sqs_usd) * 1000000.0 / nullif(sum(events), 0) AS sqs_usd_per_million
FROM costs
