import { examplesOf } from '../support/catalog.js';

/**
 * A labelled scenario: enrollments whose provenance is known by construction, plus duplicates, events outside
 * the date range, schema drift and broken messages. Tests ingest it through the real pipeline and check every
 * saved query's exact answer.
 */
const gid = (local: number) => (21070000000000000n + BigInt(local)).toString();
export const REGISTRAR_KEY = '170000000056';
export const UNNAMED_KEY = '170000000099';
export const INTEGRATIONS = { [REGISTRAR_KEY]: 'Registrar sync' };

export const COURSE_A = gid(1001);
export const COURSE_B = gid(1002);
const ACCOUNT_A = gid(10);
const ACCOUNT_B = gid(11);
const accountOf = (course: string) => (course === COURSE_A ? ACCOUNT_A : ACCOUNT_B);

export const USERS = {
  s1: gid(2001),
  s2: gid(2002),
  s3: gid(2003),
  s4: gid(2004),
  s5: gid(2005),
  s6: gid(2006),
  s7: gid(2007),
  s8: gid(2008),
  t1: gid(3001),
  t2: gid(3002),
  t3: gid(3003),
  t4: gid(3004),
  admin: gid(9001),
  svc: gid(9002),
};

const enrollmentExample = examplesOf('canvas').find((e) => e.file === 'enrollment_created')?.payload as {
  metadata: Record<string, unknown>;
};

function jobMeta(eventName: string, time: string, jobTag: string) {
  return {
    event_name: eventName,
    event_time: time,
    job_id: '1020020528469291',
    job_tag: jobTag,
    producer: 'canvas',
    root_account_id: gid(1),
    root_account_uuid: 'VicYj3cu5BIFpoZhDVU4DZumnlBrWi1grgJEzADs',
  };
}

function requestMeta(
  eventName: string,
  time: string,
  actor: string,
  course: string,
  extra: Record<string, unknown>,
) {
  return {
    ...enrollmentExample.metadata,
    developer_key_id: undefined,
    referrer: undefined,
    session_id: undefined,
    event_name: eventName,
    event_time: time,
    user_id: actor,
    user_login: `login-${actor.slice(-4)}`,
    context_id: course,
    context_account_id: accountOf(course),
    context_type: 'Course',
    request_id: `req-${eventName}-${time}-${actor}`,
    ...extra,
  };
}

const body = (
  enrollment: string,
  course: string,
  user: string,
  type: string,
  time: string,
  state = 'active',
) => ({
  course_id: course,
  course_section_id: gid(Number(course.slice(-4)) + 4000),
  created_at: time,
  enrollment_id: enrollment,
  limit_privileges_to_course_section: false,
  type,
  updated_at: time,
  user_id: user,
  user_name: `User ${user.slice(-4)}`,
  workflow_state: state,
});

const message = (metadata: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify({ metadata, body: b });

/** enrollment id → how it was made, as the scenario built it. */
export const EXPECTED_CREATED_VIA: Record<string, string> = {};
const created = (id: number, via: string, text: string) => {
  EXPECTED_CREATED_VIA[gid(id)] = via;
  return text;
};
export const E = (id: number) => gid(id);

const UI = (course: string) => ({
  session_id: 'a1b2c3',
  referrer: `https://canvas.example.edu/courses/${course.slice(-4)}/users`,
  url: `https://canvas.example.edu/api/v1/courses/${course.slice(-4)}/enrollments`,
});

/** In range: 2026-08-15 … 2026-09-30. */
export const DT_FROM = '2026-08-15';
export const DT_TO = '2026-09-30';

const t = (day: string, hh = '10') => `2026-${day}T${hh}:00:00Z`;

export const ENROLLMENTS_BATCH_1: string[] = [
  created(
    50001,
    'sis_import',
    message(
      jobMeta('enrollment_created', t('08-20', '06'), 'SIS::CSV::ImportRefactored#run_parallel_importer'),
      body(E(50001), COURSE_A, USERS.s1, 'StudentEnrollment', t('08-20', '06')),
    ),
  ),
  created(
    50002,
    'api_integration',
    message(
      requestMeta('enrollment_created', t('08-25'), USERS.svc, COURSE_A, {
        developer_key_id: REGISTRAR_KEY,
        url: 'https://canvas.example.edu/api/v1/courses/1001/enrollments',
      }),
      body(E(50002), COURSE_A, USERS.s2, 'StudentEnrollment', t('08-25')),
    ),
  ),
  created(
    50003,
    'api_integration',
    message(
      requestMeta('enrollment_created', t('08-26'), USERS.t3, COURSE_B, { developer_key_id: UNNAMED_KEY }),
      body(E(50003), COURSE_B, USERS.s3, 'StudentEnrollment', t('08-26')),
    ),
  ),
  created(
    50004,
    'web_ui',
    message(
      requestMeta('enrollment_created', t('08-27'), USERS.t1, COURSE_A, {
        ...UI(COURSE_A),
        context_role: 'TeacherEnrollment',
      }),
      body(E(50004), COURSE_A, USERS.s4, 'StudentEnrollment', t('08-27'), 'invited'),
    ),
  ),
  created(
    50005,
    'web_ui',
    message(
      requestMeta('enrollment_created', t('08-28'), USERS.t1, COURSE_A, {
        ...UI(COURSE_A),
        context_role: 'TeacherEnrollment',
      }),
      body(E(50005), COURSE_A, USERS.t2, 'TeacherEnrollment', t('08-28'), 'invited'),
    ),
  ),
  created(
    50006,
    'self_enrollment',
    message(
      requestMeta('enrollment_created', t('08-29'), USERS.s5, COURSE_B, {
        session_id: 'ss55',
        url: 'https://canvas.example.edu/enroll/ABC123',
        context_role: 'StudentEnrollment',
      }),
      body(E(50006), COURSE_B, USERS.s5, 'StudentEnrollment', t('08-29')),
    ),
  ),
  created(
    50007,
    'background_job',
    message(
      jobMeta('enrollment_created', t('08-30'), 'ContentMigration#import_content'),
      body(E(50007), COURSE_B, USERS.t3, 'TeacherEnrollment', t('08-30')),
    ),
  ),
  created(
    50008,
    'web_ui',
    message(
      requestMeta('enrollment_created', t('09-01'), USERS.t1, COURSE_A, {
        ...UI(COURSE_A),
        context_role: 'TeacherEnrollment',
        real_user_id: USERS.admin,
      }),
      body(E(50008), COURSE_A, USERS.s6, 'StudentEnrollment', t('09-01'), 'invited'),
    ),
  ),
  created(
    50010,
    'web_ui',
    message(
      requestMeta('enrollment_created', t('09-02'), USERS.admin, COURSE_B, {
        ...UI(COURSE_B),
        context_role: 'AccountAdmin',
      }),
      body(E(50010), COURSE_B, USERS.t4, 'TeacherEnrollment', t('09-02'), 'invited'),
    ),
  ),
  // Outside the date range: must not be counted.
  message(
    jobMeta('enrollment_created', t('06-01', '06'), 'SIS::CSV::ImportRefactored#run_parallel_importer'),
    body(E(50011), COURSE_A, USERS.s8, 'StudentEnrollment', t('06-01', '06')),
  ),
  // The enrollment 50002 is later completed by an SIS import, and its state recomputed by a job.
  message(
    jobMeta('enrollment_updated', t('09-10', '06'), 'SIS::CSV::ImportRefactored#run_parallel_importer'),
    body(E(50002), COURSE_A, USERS.s2, 'StudentEnrollment', t('09-10', '06'), 'completed'),
  ),
  message(
    jobMeta('enrollment_state_created', t('08-25', '11'), 'EnrollmentState.process_account_states_in_ranges'),
    {
      access_is_current: true,
      enrollment_id: E(50002),
      restricted_access: false,
      state: 'active',
      state_is_current: true,
      state_started_at: t('08-25', '11'),
    },
  ),
];

/** The Caliper twin of an enrollment not otherwise seen: Caliper carries no developer key, so it is unknown. */
const caliper = structuredClone(
  examplesOf('caliper').find((e) => e.file === 'enrollment_created')?.payload,
) as {
  data: Record<string, unknown>[];
};
const caliperEvent = caliper.data[0] as {
  eventTime: string;
  object: { id: string; extensions: Record<string, Record<string, unknown>> };
};
caliperEvent.eventTime = t('09-03');
caliperEvent.object.id = `urn:instructure:canvas:enrollment:${E(50009)}`;
Object.assign(caliperEvent.object.extensions['com.instructure.canvas'] as object, {
  entity_id: E(50009),
  user_id: `urn:instructure:canvas:user:${USERS.s7}`,
  course_id: `urn:instructure:canvas:course:${COURSE_B}`,
});
export const CALIPER_ENROLLMENT = created(50009, 'unknown', JSON.stringify(caliper));

const assetExample = examplesOf('canvas').find((e) => e.file === 'asset_accessed')?.payload as {
  metadata: Record<string, unknown>;
  body: Record<string, unknown>;
};
export const ASSETS: string[] = [
  JSON.stringify({
    metadata: { ...assetExample.metadata, event_time: t('09-05'), request_id: 'a1' },
    body: assetExample.body,
  }),
  // A field Canvas started sending (schema drift) and a value of the wrong type.
  JSON.stringify({
    metadata: { ...assetExample.metadata, event_time: t('09-06'), request_id: 'a2' },
    body: { ...assetExample.body, new_canvas_field: 'x' },
  }),
  JSON.stringify({
    metadata: { ...assetExample.metadata, event_time: t('09-07'), request_id: 'a3' },
    body: { ...assetExample.body, asset_id: { nested: true } },
  }),
];

export const BROKEN: string[] = [
  '{"metadata": {',
  JSON.stringify({ metadata: { event_time: t('09-08') }, body: {} }),
];

/**
 * Events of types with no schema, for untyped_events: a Canvas type this version does not know (twice, on two
 * days, and once after the range), a New Quizzes type without a documented payload, and a Caliper type with no
 * Canvas twin. UNTYPED_DUPLICATE is the first one delivered again in a later batch.
 */
const unknownCanvas = (time: string, id: number) =>
  JSON.stringify({
    metadata: { ...assetExample.metadata, event_name: 'course_pace_published', event_time: time },
    body: { course_pace_id: String(id), workflow_state: 'active' },
  });
export const UNTYPED: string[] = [
  unknownCanvas(t('09-09'), 1),
  unknownCanvas(t('09-10', '12'), 2),
  unknownCanvas('2026-10-02T10:00:00Z', 3),
  JSON.stringify({
    attributes: { event_name: 'quizzes.item_updated', event_time: t('09-09', '11'), producer: 'quizzes' },
    body: { id: '495', question_type: 'essay', workflow_state: 'mutable' },
  }),
  JSON.stringify({
    sensor: 'http://oxana.instructure.com/',
    sendTime: t('09-10'),
    dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p1',
    data: [
      {
        id: 'urn:uuid:2f6b1c9e-0d4a-4e8b-9c71-5a3e2d1f0b6c',
        type: 'ToolUseEvent',
        action: 'Used',
        eventTime: t('09-10'),
        actor: { id: `urn:instructure:canvas:user:${USERS.s1}`, type: 'Person' },
        object: {
          id: 'urn:instructure:canvas:context_external_tool:21070000000000063',
          type: 'SoftwareApplication',
        },
      },
    ],
  }),
];
export const UNTYPED_DUPLICATE = UNTYPED[0] as string;
