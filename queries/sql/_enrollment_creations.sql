-- One row per distinct enrollment creation in the dt range. Duplicate deliveries (same event_id) count once;
-- an enrollment received in both formats keeps its Canvas-format event, which carries more provenance signals.
SELECT *
FROM (
  SELECT
    e.*,
    row_number() OVER (
      PARTITION BY coalesce(e.enrollment_id, e.event_id)
      ORDER BY CASE e.source_format WHEN 'canvas' THEN 0 ELSE 1 END, e.event_time, e.event_id
    ) AS creation_rank
  FROM (
    SELECT d.*, row_number() OVER (PARTITION BY d.event_id ORDER BY d.ingested_at) AS delivery_rank
    FROM enrollment_created d
    WHERE d.dt BETWEEN {{dt_from}} AND {{dt_to}}
  ) e
  WHERE e.delivery_rank = 1
) c
WHERE c.creation_rank = 1
