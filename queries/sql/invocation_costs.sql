-- Every Lambda invocation (ingest, and maintenance: compaction, replay): what it processed and its
-- estimated cost (USD). Records written before maintenance existed have no kind: they are ingest.
WITH costs AS ({{> invocation_costs}})
SELECT
  request_id,
  coalesce(kind, 'ingest') AS kind,
  work_item,
  started_at,
  duration_ms,
  billed_duration_ms,
  memory_mb,
  architecture,
  messages,
  events,
  rows_written,
  duplicate_rows,
  quarantined,
  failed_messages,
  files_written,
  bytes_written,
  s3_puts,
  sqs_requests,
  lambda_compute_usd,
  lambda_request_usd,
  s3_put_usd,
  sqs_usd,
  total_usd
FROM costs
ORDER BY started_at, request_id
