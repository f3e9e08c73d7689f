-- Teacher enrollments created in the web UI by someone acting as a teacher of the course
-- (metadata.context_role = TeacherEnrollment): "which teachers did other teachers add?"
WITH enrollments AS ({{> enrollment_creations}})
SELECT
  enrollment_id,
  course_id,
  course_section_id,
  user_id AS teacher_user_id,
  acting_user_id AS added_by_user_id,
  meta_user_login AS added_by_login,
  meta_context_role AS added_by_role,
  masqueraded_by,
  event_time,
  provenance_evidence
FROM enrollments
WHERE type = 'TeacherEnrollment'
  AND created_via = 'web_ui'
  AND meta_context_role = 'TeacherEnrollment'
  AND (acting_user_id IS NULL OR user_id IS NULL OR acting_user_id <> user_id)
ORDER BY event_time, enrollment_id
