import { eventDefFor } from '../lambda/contract/events/index.js';

/**
 * A realistic synthetic term of Canvas Live Events, deterministic for a seed: SIS imports at term start, an
 * API integration with a developer key (and one with a key nobody named), teachers adding users in the web
 * UI (some adding other teachers), self-enrollments, enrollment state jobs, masquerading admins, page views
 * and submissions, in both the Canvas and the Caliper format, with duplicate deliveries and a few broken
 * messages. Payload shapes follow Instructure's catalog examples; a test checks that every generated event
 * validates with no issue and no unknown field.
 */

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHARD = 2107n * 10n ** 13n;
const gid = (local: number) => (SHARD + BigInt(local)).toString();
const HOST = 'canvas.example.edu';
const ROOT = {
  root_account_id: gid(1),
  root_account_lti_guid: 'Xq3pLk2Vb8RnTz7WcYd1Fg4Hj6Km9Np0Qr5St8Uv.canvas.example.edu',
  root_account_uuid: 'Xq3pLk2Vb8RnTz7WcYd1Fg4Hj6Km9Np0Qr5St8Uv',
};
const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** The integration the demo configures by name, and one nobody has named. */
export const REGISTRAR_KEY = '170000000056';
export const UNNAMED_KEY = '170000000077';
export const DEMO_INTEGRATIONS: Readonly<Record<string, string>> = { [REGISTRAR_KEY]: 'Registrar sync' };

/** Term start and the last day of generated events (UTC). */
export const TERM_START = Date.UTC(2026, 7, 24);
const TERM_DAYS = 88;

interface Person {
  readonly local: number;
  readonly login: string;
  readonly name: string;
  readonly sis: string;
}

interface Course {
  readonly local: number;
  readonly account: number;
  readonly sections: readonly number[];
  readonly teachers: readonly Person[];
  readonly students: Person[];
  readonly sis: string;
}

export interface TermOptions {
  readonly events: number;
  readonly seed: number;
  /**
   * Live traffic instead of a whole term: every event falls within `days` days from `start` (epoch ms), and
   * messages arrive in time order, as Canvas delivers them. The benchmark uses this.
   */
  readonly window?: { readonly start: number; readonly days: number };
}

/** The event types the term sends on purpose with no table, so that other_events and untyped_events show something. */
export const UNTYPED_ON_PURPOSE: readonly string[] = ['quizzes.item_updated'];

/** Other event types common in real traffic, with bodies filled from their schemas. */
const OTHER_COMMON_TYPES = [
  'grade_change',
  'discussion_entry_created',
  'discussion_topic_created',
  'wiki_page_updated',
  'attachment_created',
  'logged_in',
  'quiz_submitted',
  'course_updated',
  'module_item_created',
  'submission_comment_created',
  'conversation_message_created',
  'user_account_association_created',
] as const;

const LOREM =
  'Canvas courses mix readings, discussions and assignments; students post replies, upload drafts and check grades through the term, while teachers publish modules and give feedback. ';

type Meta = Record<string, unknown>;

/** How far back a duplicate delivery reaches: SQS redelivers within minutes or hours, not across a term. */
const REDELIVERY_WINDOW = 10_000;

/** Builds the term; the messages are SQS message bodies, in delivery order. */
export function generateTerm(options: TermOptions): string[] {
  const messages = [...termMessages(options)];
  if (options.window === undefined) return messages;
  const timeOf = (m: string) => /"(?:event_time|eventTime)":"([^"]+)"/.exec(m)?.[1] ?? '';
  return messages
    .map((m, i) => [timeOf(m), i, m] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    .map(([, , m]) => m);
}

/**
 * The term's messages one at a time, in generation order, holding only the last `REDELIVERY_WINDOW` in memory:
 * `canvas-lake generate` streams millions of them to a file.
 */
export function* termMessages(options: TermOptions): Generator<string> {
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const CALIPER = 'http://purl.imsglobal.org/ctx/caliper/v1p1';
  /** A Caliper event's `com.instructure.canvas` extensions for a browser request to `url`. */
  const requestExtensions = (url: string, clientIp?: string) => ({
    'com.instructure.canvas': {
      hostname: HOST,
      request_id: uuid(),
      user_agent: BROWSER,
      ...(clientIp === undefined ? {} : { client_ip: clientIp }),
      request_url: url,
      version: '1.0.0',
    },
  });
  /** A Caliper 1.1 envelope holding one event; its id, time and edApp are filled in here. */
  const caliperMessage = (time: string, event: Record<string, unknown>) =>
    JSON.stringify({
      sensor: `https://${HOST}/`,
      sendTime: time,
      dataVersion: CALIPER,
      data: [
        {
          '@context': CALIPER,
          id: `urn:uuid:${uuid()}`,
          ...event,
          eventTime: time,
          edApp: { id: `https://${HOST}/`, type: 'SoftwareApplication' },
        },
      ],
    });

  const people = new Map<number, Person>();
  const person = (local: number, kind: string): Person => {
    let p = people.get(local);
    if (p === undefined) {
      p = {
        local,
        login: `${kind}${local}@example.edu`,
        name: `${kind[0]?.toUpperCase()}${kind.slice(1)} ${local}`,
        sis: `${kind[0]?.toUpperCase()}${100000 + local}`,
      };
      people.set(local, p);
    }
    return p;
  };
  const integrationUser = person(90, 'svc');
  const admins = [person(91, 'admin'), person(92, 'admin')];
  const courseCount = Math.max(4, Math.round(options.events / 250));
  const courses: Course[] = Array.from({ length: courseCount }, (_, i) => ({
    local: 1000 + i,
    account: 10 + (i % 4),
    sections: [5000 + i * 2, 5001 + i * 2],
    teachers: [person(200 + i * 2, 'teacher'), person(201 + i * 2, 'teacher')],
    students: [],
    sis: `2026FA.CS.${100 + i}`,
  }));
  let nextUser = 1000;
  let nextEnrollment = 40_000;
  let nextSubmission = 700_000;

  const window = options.window;
  const at = (dayFrom: number, dayTo: number) =>
    window
      ? new Date(window.start + Math.floor(random() * window.days * 86_400_000)).toISOString()
      : new Date(
          TERM_START +
            (dayFrom + random() * (dayTo - dayFrom)) * 86_400_000 +
            Math.floor(random() * 86_400_000),
        ).toISOString();

  const requestMeta = (
    eventName: string,
    time: string,
    actor: Person,
    course: Course,
    extra: Meta,
  ): Meta => ({
    client_ip: `10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
    context_account_id: gid(course.account),
    context_id: gid(course.local),
    context_sis_source_id: course.sis,
    context_type: 'Course',
    event_name: eventName,
    event_time: time,
    hostname: HOST,
    http_method: 'POST',
    producer: 'canvas',
    request_id: uuid(),
    ...ROOT,
    time_zone: 'America/Chicago',
    user_account_id: gid(1),
    user_agent: BROWSER,
    user_id: gid(actor.local),
    user_login: actor.login,
    user_sis_id: actor.sis,
    ...extra,
  });
  const jobMeta = (eventName: string, time: string, jobTag: string): Meta => ({
    event_name: eventName,
    event_time: time,
    job_id: String(1_020_020_000_000_000 + Math.floor(random() * 1e9)),
    job_tag: jobTag,
    producer: 'canvas',
    ...ROOT,
  });
  const canvas = (metadata: Meta, body: Meta) => JSON.stringify({ metadata, body });

  const enrollmentBody = (
    course: Course,
    user: Person,
    type: string,
    state: string,
    time: string,
    id: number,
  ): Meta => ({
    course_id: gid(course.local),
    course_section_id: gid(pick(course.sections)),
    created_at: time,
    enrollment_id: gid(id),
    limit_privileges_to_course_section: false,
    type,
    updated_at: time,
    user_id: gid(user.local),
    user_name: user.name,
    workflow_state: state,
  });

  const caliperEnrollment = (
    course: Course,
    user: Person,
    actor: Person,
    time: string,
    id: number,
    session: string,
  ) =>
    caliperMessage(time, {
      type: 'Event',
      actor: {
        id: `urn:instructure:canvas:user:${gid(actor.local)}`,
        type: 'Person',
        extensions: {
          'com.instructure.canvas': {
            user_login: actor.login,
            user_sis_id: actor.sis,
            ...ROOT,
            entity_id: gid(actor.local),
          },
        },
      },
      action: 'Created',
      object: {
        id: `urn:instructure:canvas:enrollment:${gid(id)}`,
        type: 'Entity',
        dateCreated: time,
        extensions: {
          'com.instructure.canvas': {
            course_id: `urn:instructure:canvas:course:${gid(course.local)}`,
            course_section_id: `urn:instructure:canvas:course:${gid(course.local)}:section:${gid(course.sections[0] as number)}`,
            limit_privileges_to_course_section: false,
            type: 'StudentEnrollment',
            user_id: `urn:instructure:canvas:user:${gid(user.local)}`,
            user_name: user.name,
            workflow_state: 'active',
            entity_id: gid(id),
          },
        },
      },
      group: {
        id: `urn:instructure:canvas:course:${gid(course.local)}`,
        type: 'CourseOffering',
        extensions: {
          'com.instructure.canvas': { context_type: 'Course', entity_id: gid(course.local) },
        },
      },
      session: { id: `urn:instructure:canvas:session:${session}`, type: 'Session' },
      extensions: requestExtensions(`https://${HOST}/api/v1/courses/${course.local}/enrollments`, '10.1.2.3'),
    });

  /** One enrollment creation, from one of the ways enrollments are made. */
  const enrollment = (): string[] => {
    const course = pick(courses);
    const id = nextEnrollment++;
    const roll = random();
    const newStudent = () => {
      const s = person(nextUser++, 'student');
      course.students.push(s);
      return s;
    };
    if (roll < 0.5) {
      const time = at(-7, 0);
      const body = enrollmentBody(
        course,
        newStudent(),
        chance(0.05) ? 'TeacherEnrollment' : 'StudentEnrollment',
        'active',
        time,
        id,
      );
      return [
        canvas(jobMeta('enrollment_created', time, 'SIS::CSV::ImportRefactored#run_parallel_importer'), body),
      ];
    }
    const time = at(0, 21);
    if (roll < 0.62) {
      const meta = requestMeta('enrollment_created', time, integrationUser, course, {
        developer_key_id: REGISTRAR_KEY,
        user_agent: 'RegistrarSync/3.2 (+https://registrar.example.edu)',
        url: `https://${HOST}/api/v1/courses/${course.local}/enrollments`,
      });
      return [canvas(meta, enrollmentBody(course, newStudent(), 'StudentEnrollment', 'active', time, id))];
    }
    if (roll < 0.65) {
      const meta = requestMeta('enrollment_created', time, pick(course.teachers), course, {
        developer_key_id: UNNAMED_KEY,
        user_agent: 'PublisherTool/1.0',
        url: `https://${HOST}/api/v1/sections/${course.sections[0]}/enrollments`,
      });
      return [canvas(meta, enrollmentBody(course, newStudent(), 'StudentEnrollment', 'invited', time, id))];
    }
    if (roll < 0.8) {
      // A teacher in the web UI: the page calls /api/v1 with the browser session and no developer key.
      const teacher = pick(course.teachers);
      const addsTeacher = chance(0.2);
      const added = addsTeacher ? person(400 + Math.floor(random() * 40), 'teacher') : newStudent();
      const meta = requestMeta('enrollment_created', time, teacher, course, {
        session_id: hex(32),
        referrer: `https://${HOST}/courses/${course.local}/users`,
        url: `https://${HOST}/api/v1/courses/${course.local}/enrollments`,
        context_role: 'TeacherEnrollment',
      });
      return [
        canvas(
          meta,
          enrollmentBody(
            course,
            added,
            addsTeacher ? 'TeacherEnrollment' : 'StudentEnrollment',
            'invited',
            time,
            id,
          ),
        ),
      ];
    }
    if (roll < 0.88) {
      const student = newStudent();
      const meta = requestMeta('enrollment_created', time, student, course, {
        session_id: hex(32),
        referrer: `https://${HOST}/enroll/${hex(6).toUpperCase()}`,
        url: `https://${HOST}/enroll/${hex(6).toUpperCase()}`,
        context_role: 'StudentEnrollment',
      });
      return [canvas(meta, enrollmentBody(course, student, 'StudentEnrollment', 'active', time, id))];
    }
    if (roll < 0.91) {
      // An admin masquerading as a teacher adds a student.
      const meta = requestMeta('enrollment_created', time, pick(course.teachers), course, {
        session_id: hex(32),
        real_user_id: gid(pick(admins).local),
        referrer: `https://${HOST}/courses/${course.local}/users`,
        url: `https://${HOST}/api/v1/courses/${course.local}/enrollments`,
        context_role: 'TeacherEnrollment',
      });
      return [canvas(meta, enrollmentBody(course, newStudent(), 'StudentEnrollment', 'invited', time, id))];
    }
    if (roll < 0.94) {
      const body = enrollmentBody(course, pick(course.teachers), 'TeacherEnrollment', 'active', time, id);
      return [canvas(jobMeta('enrollment_created', time, 'ContentMigration#import_content'), body)];
    }
    return [caliperEnrollment(course, newStudent(), pick(course.teachers), time, id, hex(32))];
  };

  const enrollmentUpdate = (): string[] => {
    const course = pick(courses);
    const student = course.students.length > 0 ? pick(course.students) : person(nextUser++, 'student');
    const time = at(1, TERM_DAYS);
    const id = 40_000 + Math.floor(random() * Math.max(1, nextEnrollment - 40_000));
    const body = enrollmentBody(
      course,
      student,
      'StudentEnrollment',
      chance(0.7) ? 'completed' : 'inactive',
      time,
      id,
    );
    if (chance(0.6))
      return [
        canvas(jobMeta('enrollment_updated', time, 'SIS::CSV::ImportRefactored#run_parallel_importer'), body),
      ];
    const meta = requestMeta('enrollment_updated', time, pick(course.teachers), course, {
      session_id: hex(32),
      http_method: 'PUT',
      referrer: `https://${HOST}/courses/${course.local}/users`,
      url: `https://${HOST}/api/v1/courses/${course.local}/enrollments/${id}`,
      context_role: 'TeacherEnrollment',
    });
    return [canvas(meta, body)];
  };

  const enrollmentState = (): string[] => {
    const name = chance(0.5) ? 'enrollment_state_created' : 'enrollment_state_updated';
    const time = at(-7, TERM_DAYS);
    const id = 40_000 + Math.floor(random() * Math.max(1, nextEnrollment - 40_000));
    return [
      canvas(jobMeta(name, time, 'EnrollmentState.process_account_states_in_ranges'), {
        access_is_current: true,
        enrollment_id: gid(id),
        restricted_access: false,
        state: pick(['active', 'pending_invited', 'invited', 'completed']),
        state_is_current: true,
        state_started_at: time,
        state_valid_until: new Date(Date.parse(time) + 90 * 86_400_000).toISOString(),
      }),
    ];
  };

  const pageView = (): string[] => {
    const course = pick(courses);
    const user = course.students.length > 0 && chance(0.85) ? pick(course.students) : pick(course.teachers);
    const time = at(0, TERM_DAYS);
    const [assetType, assetSubtype, category] = pick([
      ['course', 'modules', 'modules'],
      ['wiki_page', null, 'wiki'],
      ['assignment', null, 'assignments'],
      ['quizzes:quiz', null, 'quizzes'],
      ['course', 'grades', 'grades'],
      ['attachment', null, 'files'],
    ] as const);
    if (chance(0.15)) {
      // The Caliper form of asset_accessed (NavigationEvent), shaped like Instructure's Caliper catalog.
      const kind = { wiki_page: 'wikiPage' }[assetType as string] ?? assetType;
      const objectType =
        { wiki_page: 'Page', assignment: 'AssignableDigitalResource' }[assetType as string] ?? 'Entity';
      const assetId =
        assetType === 'course' ? gid(course.local) : gid(course.local * 10 + Math.floor(random() * 10));
      const learner = !course.teachers.includes(user);
      return [
        caliperMessage(time, {
          type: 'NavigationEvent',
          actor: {
            id: `urn:instructure:canvas:user:${gid(user.local)}`,
            type: 'Person',
            extensions: {
              'com.instructure.canvas': {
                user_login: user.login,
                user_sis_id: user.sis,
                ...ROOT,
                entity_id: gid(user.local),
              },
            },
          },
          action: 'NavigatedTo',
          object: {
            id: `urn:instructure:canvas:${kind}:${assetId}`,
            type: objectType,
            ...(objectType === 'Entity' ? { name: assetSubtype ?? assetType } : {}),
            extensions: {
              'com.instructure.canvas': {
                asset_name: `Week ${1 + Math.floor(random() * 12)} ${category}`,
                asset_type: assetType,
                ...(assetSubtype ? { asset_subtype: assetSubtype } : {}),
                entity_id: assetId,
                context_account_id: gid(course.account),
                http_method: 'GET',
              },
            },
          },
          referrer: `https://${HOST}/courses/${course.local}`,
          group: {
            id: `urn:instructure:canvas:course:${gid(course.local)}`,
            type: 'CourseOffering',
            extensions: {
              'com.instructure.canvas': { context_type: 'Course', entity_id: gid(course.local) },
            },
          },
          membership: {
            id: `urn:instructure:canvas:course:${gid(course.local)}:${learner ? 'Learner' : 'Instructor'}:${gid(user.local)}`,
            type: 'Membership',
            member: { id: `urn:instructure:canvas:user:${gid(user.local)}`, type: 'Person' },
            organization: {
              id: `urn:instructure:canvas:course:${gid(course.local)}`,
              type: 'CourseOffering',
            },
            roles: [learner ? 'Learner' : 'Instructor'],
          },
          session: { id: `urn:instructure:canvas:session:${hex(32)}`, type: 'Session' },
          extensions: requestExtensions(`https://${HOST}/courses/${course.local}/${category}`, '10.1.2.3'),
        }),
      ];
    }
    const meta = requestMeta('asset_accessed', time, user, course, {
      http_method: 'GET',
      session_id: hex(32),
      referrer: `https://${HOST}/courses/${course.local}`,
      url: `https://${HOST}/courses/${course.local}/${category}`,
      context_role: course.teachers.includes(user) ? 'TeacherEnrollment' : 'StudentEnrollment',
    });
    return [
      canvas(meta, {
        asset_id: gid(course.local * 10 + Math.floor(random() * 10)),
        asset_name: `Week ${1 + Math.floor(random() * 12)} ${category}`,
        asset_subtype: assetSubtype,
        asset_type: assetType,
        category,
        level: null,
        role: course.teachers.includes(user) ? 'TeacherEnrollment' : 'StudentEnrollment',
      }),
    ];
  };

  const submission = (): string[] => {
    const course = pick(courses);
    const student = course.students.length > 0 ? pick(course.students) : person(nextUser++, 'student');
    const time = at(7, TERM_DAYS);
    const id = nextSubmission++;
    const assignment = gid(course.local * 100 + Math.floor(random() * 12));
    const created = chance(0.6);
    if (chance(0.2)) {
      return [
        caliperMessage(time, {
          type: created ? 'AssignableEvent' : 'Event',
          actor: {
            id: `urn:instructure:canvas:user:${gid(student.local)}`,
            type: 'Person',
            extensions: { 'com.instructure.canvas': { ...ROOT, entity_id: gid(student.local) } },
          },
          action: created ? 'Submitted' : 'Modified',
          object: {
            id: `urn:instructure:canvas:submission:${gid(id)}`,
            type: 'Attempt',
            ...(created ? { dateCreated: time } : { dateModified: time }),
            extensions: {
              'com.instructure.canvas': { submission_type: 'online_upload', entity_id: gid(id) },
            },
            assignee: { id: `urn:instructure:canvas:user:${gid(student.local)}`, type: 'Person' },
            assignable: {
              id: `urn:instructure:canvas:assignment:${assignment}`,
              type: 'AssignableDigitalResource',
            },
            count: 1,
          },
          extensions: requestExtensions(
            `https://${HOST}/api/v1/courses/${course.local}/assignments/${assignment}/submissions`,
          ),
        }),
      ];
    }
    const meta = requestMeta(
      created ? 'submission_created' : 'submission_updated',
      time,
      created ? student : pick(course.teachers),
      course,
      {
        session_id: hex(32),
        url: `https://${HOST}/api/v1/courses/${course.local}/assignments/${assignment}/submissions`,
      },
    );
    return [
      canvas(meta, {
        assignment_id: assignment,
        attempt: 1 + Math.floor(random() * 2),
        body: created ? `<p>Essay draft ${id}</p>` : null,
        grade: created ? null : pick(['A', 'B+', '87', 'complete']),
        graded_at: created ? null : time,
        group_id: null,
        late: chance(0.1),
        lti_assignment_id: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
        lti_user_id: hex(40),
        missing: false,
        score: created ? null : Math.round(random() * 1000) / 10,
        submission_id: gid(id),
        submission_type: 'online_text_entry',
        submitted_at: time,
        updated_at: time,
        url: null,
        user_id: gid(student.local),
        workflow_state: created ? 'submitted' : 'graded',
      }),
    ];
  };

  /** A body for any event type, every field filled according to the column spec. */
  const otherCommon = (): string[] => {
    const name = pick(OTHER_COMMON_TYPES);
    const def = eventDefFor(name);
    if (def === undefined) throw new Error(`no schema for ${name}`);
    const course = pick(courses);
    const user = course.students.length > 0 ? pick(course.students) : pick(course.teachers);
    const time = at(0, TERM_DAYS);
    const body: Meta = {};
    for (const column of def.bodyColumns) {
      if (column.path.length !== 1) continue;
      const key = column.path[0];
      const long = key === 'body' || key === 'text' || key === 'message' || key === 'description';
      body[key] =
        column.type === 'id'
          ? gid(100_000 + Math.floor(random() * 900_000))
          : column.type === 'timestamp'
            ? time
            : column.type === 'boolean'
              ? chance(0.5)
              : column.type === 'int64'
                ? Math.floor(random() * 10)
                : column.type === 'double'
                  ? Math.round(random() * 1000) / 10
                  : column.type === 'url'
                    ? `https://${HOST}/courses/${course.local}/pages/${hex(6)}`
                    : column.type === 'json'
                      ? [gid(100_000 + Math.floor(random() * 900_000))]
                      : long
                        ? LOREM.repeat(1 + Math.floor(random() * 3))
                        : `${key.replace(/_/g, ' ')} ${Math.floor(random() * 1000)}`;
    }
    const meta = requestMeta(name, time, user, course, {
      session_id: hex(32),
      http_method: 'POST',
      url: `https://${HOST}/courses/${course.local}`,
    });
    return [canvas(meta, body)];
  };

  /** A New Quizzes event of a type with no documented payload: it lands in other_events on purpose. */
  const untypedOnPurpose = (): string[] => {
    const course = pick(courses);
    return [
      JSON.stringify({
        attributes: {
          event_name: 'quizzes.item_updated',
          event_time: at(0, TERM_DAYS),
          producer: 'quizzes',
          root_account_uuid: ROOT.root_account_uuid,
        },
        body: {
          id: String(400 + Math.floor(random() * 600)),
          title: `Question ${1 + Math.floor(random() * 20)}: ${LOREM.slice(0, 60).trim()}`,
          outcome_alignment_set_guid: null,
          question_type: pick(['essay', 'multiple_choice', 'true_false']),
          owner: {
            type: 'quiz',
            quiz_id: String(300 + Math.floor(random() * 100)),
            course_id: String(course.local),
            context_id: String(course.local),
            lti_resource_id: hex(40),
          },
          workflow_state: 'mutable',
          updated_at: at(0, TERM_DAYS),
        },
      }),
    ];
  };

  const broken = (): string[] => {
    const time = at(0, TERM_DAYS);
    return [
      pick([
        '{"metadata": {"event_name": "asset_accessed", "event_time": "',
        JSON.stringify({ metadata: { event_time: time, producer: 'canvas' }, body: {} }),
        JSON.stringify({
          metadata: { event_name: 'asset_accessed', event_time: '019-11-01T19:11:01.163Z' },
          body: {},
        }),
        'null',
      ]),
    ];
  };

  const kinds: readonly [number, () => string[]][] = [
    [0.14, enrollment],
    [0.04, enrollmentUpdate],
    [0.09, enrollmentState],
    [0.45, pageView],
    [0.167, submission],
    [0.106, otherCommon],
    [0.004, untypedOnPurpose],
    [0.003, broken],
  ];
  /** The latest messages, for duplicate deliveries (a ring once it is full). */
  const recent: string[] = [];
  let produced = 0;
  const remember = (message: string) => {
    if (recent.length < REDELIVERY_WINDOW) recent.push(message);
    else recent[produced % REDELIVERY_WINDOW] = message;
    produced++;
  };
  while (produced < options.events) {
    if (produced > 0 && chance(0.01)) {
      const duplicate = pick(recent); // a duplicate delivery: the same message again
      remember(duplicate);
      yield duplicate;
      continue;
    }
    let roll = random();
    for (const [share, make] of kinds) {
      roll -= share;
      if (roll <= 0) {
        for (const message of make()) {
          if (produced >= options.events) break;
          remember(message);
          yield message;
        }
        break;
      }
    }
  }
}
