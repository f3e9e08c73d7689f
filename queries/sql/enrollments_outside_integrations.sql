-- Enrollments not made by an SIS import and not by a configured integration: the ones someone added by hand
-- (web UI, self-enrollment), plus API calls whose developer key has no configured name, jobs and unknowns.
WITH enrollments AS ({{> enrollment_creations}})
SELECT
  enrollment_id,
  course_id,
  course_section_id,
  user_id,
  type AS enrollment_type,
  workflow_state,
  event_time,
  created_via,
  provenance_evidence,
  acting_user_id,
  meta_user_login AS acting_user_login,
  masqueraded_by,
  meta_developer_key_id AS developer_key_id,
  source_format
FROM enrollments
WHERE created_via <> 'sis_import'
  AND integration_name IS NULL
  AND ({{course_id}} IS NULL OR course_id = {{course_id}})
ORDER BY event_time, enrollment_id
