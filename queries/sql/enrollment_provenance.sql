-- Who or what created each enrollment: SIS import, API integration (developer key), web UI,
-- self-enrollment or background job, with the signals that decided it.
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
  integration_name,
  meta_job_tag AS job_tag,
  source_format
FROM enrollments
WHERE {{course_id}} IS NULL OR course_id = {{course_id}}
ORDER BY event_time, enrollment_id
