-- Enrollment creations per UTC day and source.
WITH enrollments AS ({{> enrollment_creations}})
SELECT
  CAST(event_time AS DATE) AS day,
  created_via,
  count(*) AS enrollments
FROM enrollments
GROUP BY CAST(event_time AS DATE), created_via
ORDER BY day, created_via
