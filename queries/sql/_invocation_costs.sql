-- One row per invocation in the dt range (a cost record written twice counts once).
SELECT *
FROM (
  SELECT c.*, row_number() OVER (PARTITION BY c.request_id ORDER BY c.started_at) AS record_rank
  FROM invocation_costs c
  WHERE c.dt BETWEEN {{dt_from}} AND {{dt_to}}
) r
WHERE r.record_rank = 1
