-- Every created, updated and state event for one enrollment, user or course, in time order, with who and how.
-- State events carry no user or course: they are taken from the enrollment's created/updated events.
WITH trail AS (
  SELECT event_id, event_name, event_time, ingested_at, source_format, enrollment_id, user_id, course_id,
    type AS enrollment_type, workflow_state AS state, created_via, provenance_evidence, acting_user_id,
    meta_user_login AS acting_user_login, masqueraded_by, meta_developer_key_id AS developer_key_id,
    integration_name, meta_job_tag AS job_tag
  FROM enrollment_created WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
  UNION ALL
  SELECT event_id, event_name, event_time, ingested_at, source_format, enrollment_id, user_id, course_id,
    type, workflow_state, created_via, provenance_evidence, acting_user_id, meta_user_login, masqueraded_by,
    meta_developer_key_id, integration_name, meta_job_tag
  FROM enrollment_updated WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
  UNION ALL
  SELECT event_id, event_name, event_time, ingested_at, source_format, enrollment_id, CAST(NULL AS VARCHAR),
    CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), state, created_via, provenance_evidence, acting_user_id,
    meta_user_login, masqueraded_by, meta_developer_key_id, integration_name, meta_job_tag
  FROM enrollment_state_created WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
  UNION ALL
  SELECT event_id, event_name, event_time, ingested_at, source_format, enrollment_id, CAST(NULL AS VARCHAR),
    CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), state, created_via, provenance_evidence, acting_user_id,
    meta_user_login, masqueraded_by, meta_developer_key_id, integration_name, meta_job_tag
  FROM enrollment_state_updated WHERE dt BETWEEN {{dt_from}} AND {{dt_to}}
),
deliveries AS (
  SELECT t.*, row_number() OVER (PARTITION BY t.event_id ORDER BY t.ingested_at) AS delivery_rank
  FROM trail t
),
people AS (
  SELECT enrollment_id, max(user_id) AS user_id, max(course_id) AS course_id
  FROM trail
  WHERE enrollment_id IS NOT NULL AND (user_id IS NOT NULL OR course_id IS NOT NULL)
  GROUP BY enrollment_id
)
SELECT
  d.event_time,
  d.event_name,
  d.enrollment_id,
  coalesce(d.user_id, p.user_id) AS user_id,
  coalesce(d.course_id, p.course_id) AS course_id,
  d.enrollment_type,
  d.state,
  d.created_via,
  d.provenance_evidence,
  d.acting_user_id,
  d.acting_user_login,
  d.masqueraded_by,
  d.developer_key_id,
  d.integration_name,
  d.job_tag,
  d.source_format,
  d.event_id
FROM deliveries d
LEFT JOIN people p ON p.enrollment_id = d.enrollment_id
WHERE d.delivery_rank = 1
  AND ({{enrollment_id}} IS NULL OR d.enrollment_id = {{enrollment_id}})
  AND ({{user_id}} IS NULL OR coalesce(d.user_id, p.user_id) = {{user_id}})
  AND ({{course_id}} IS NULL OR coalesce(d.course_id, p.course_id) = {{course_id}})
ORDER BY d.event_time, d.event_name, d.event_id
