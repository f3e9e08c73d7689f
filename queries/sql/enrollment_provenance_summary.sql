-- How enrollments were created: counts by created_via and enrollment type, optionally for one course or account.
WITH enrollments AS ({{> enrollment_creations}})
SELECT
  created_via,
  type AS enrollment_type,
  count(*) AS enrollments,
  round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent
FROM enrollments
WHERE ({{course_id}} IS NULL OR course_id = {{course_id}})
  AND ({{account_id}} IS NULL OR meta_context_account_id = {{account_id}})
GROUP BY created_via, type
ORDER BY enrollments DESC, created_via, enrollment_type
