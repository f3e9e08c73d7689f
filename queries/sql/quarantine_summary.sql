-- What was quarantined, per ingest day and reason. A retried message counts once.
WITH quarantined AS (
  SELECT q.*, row_number() OVER (PARTITION BY q.message_id, q.event_index ORDER BY q.ingested_at) AS delivery_rank
  FROM quarantine q
  WHERE q.dt BETWEEN {{dt_from}} AND {{dt_to}}
)
SELECT
  dt AS day,
  reason,
  count(*) AS events,
  count(DISTINCT message_id) AS messages,
  min(details) AS example_details,
  min(event_name) AS example_event_name
FROM quarantined
WHERE delivery_rank = 1
GROUP BY dt, reason
ORDER BY day, events DESC, reason
