import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { EVENT_DEFS, eventDefFor } from '../../lambda/contract/events/index.js';
import { classifyProvenance, type ProvenanceSignals } from '../../lambda/contract/provenance.js';
import type { EventRow } from '../../lambda/contract/row.js';
import type { Row } from '../../lambda/contract/types.js';
import { examplesOf } from '../support/catalog.js';
import { caliperExtraFixtures, type ExtraFixture } from '../support/extra-fixtures.js';

const INGESTED_AT = Date.UTC(2026, 10, 23);
const fixtures = caliperExtraFixtures();

function onlyRow(text: string, eventName?: string): EventRow {
  const result = decodeMessage(text, eventName ? { event_name: eventName } : undefined, {
    ingestedAt: INGESTED_AT,
  });
  expect(result.quarantined).toEqual([]);
  expect(result.rows).toHaveLength(1);
  return result.rows[0] as EventRow;
}

function fixture(event: string, variant: string): ExtraFixture {
  const found = fixtures.find((f) => f.event === event && f.variant === variant);
  if (found === undefined) throw new Error(`no fixture ${event}/${variant}`);
  return found;
}
const rowOf = (event: string, variant: string) => onlyRow(fixture(event, variant).text).row;

const firstEvent = (f: ExtraFixture) =>
  (f.payload.data as Record<string, unknown>[])[0] as Record<string, unknown>;
const gid = (n: number) => (30010000000000000n + BigInt(n)).toString();
const SENSOR = 'https://canvas.university.edu/';

/** The request signals provenance is decided from, as the row holds them. */
const SIGNAL_COLUMNS = [
  'meta_user_id',
  'meta_real_user_id',
  'meta_developer_key_id',
  'meta_job_id',
  'meta_job_tag',
  'meta_session_id',
  'meta_referrer',
] as const;
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const signalsOf = (row: Row): ProvenanceSignals => ({
  sourceFormat: row.source_format as 'canvas' | 'caliper',
  jobId: str(row.meta_job_id),
  jobTag: str(row.meta_job_tag),
  developerKeyId: str(row.meta_developer_key_id),
  actingUserId: str(row.meta_user_id),
  realUserId: str(row.meta_real_user_id),
  sessionId: str(row.meta_session_id),
  referrer: str(row.meta_referrer),
});

describe('Caliper forms of the nine types beyond the seed documents', () => {
  it('covers each of the nine types with several variants', () => {
    const byType = new Map<string, number>();
    for (const f of fixtures) byType.set(f.event, (byType.get(f.event) ?? 0) + 1);
    expect([...byType.keys()].sort()).toEqual([
      'asset_accessed',
      'discussion_entry_created',
      'discussion_topic_created',
      'grade_change',
      'logged_in',
      'logged_out',
      'quiz_created',
      'quiz_submitted',
      'quiz_updated',
    ]);
    for (const [type, count] of byType) expect(count, type).toBeGreaterThanOrEqual(2);
  });

  it('maps every Caliper type Instructure documents: the 23 of the catalog and these 9', () => {
    const covered = new Set([
      ...examplesOf('caliper').map((e) => e.doc.name),
      ...fixtures.map((f) => f.event),
    ]);
    const mapped = EVENT_DEFS.filter((d) => d.caliper !== undefined).map((d) => d.name);
    expect(covered.size).toBe(32);
    expect(new Set(mapped)).toEqual(covered);
  });

  it.each(fixtures.map((f) => [`${f.event}/${f.variant}`, f] as const))(
    '%s lands in its Canvas twin table, with nothing quarantined or left over',
    (_, f) => {
      const { table, row } = onlyRow(f.text);
      expect(table).toBe(f.event);
      expect(row.event_name).toBe(f.event);
      expect(row.source_format).toBe('caliper');
      expect(row.event_id).toBe(firstEvent(f).id);
      expect(row.validation_issues).toBeNull();
      expect(row.extra_json).toBeNull();
      expect(row.caliper_event_type).toBe(firstEvent(f).type);
    },
  );

  it.each(fixtures.map((f) => [`${f.event}/${f.variant}`, f] as const))(
    '%s gives the same row named by its SQS event_name attribute',
    (_, f) => {
      expect(onlyRow(f.text, f.event).values).toEqual(onlyRow(f.text).values);
    },
  );

  it('places each event of a multi-event envelope by its type, action and object alone', () => {
    const data = fixtures.map(firstEvent);
    const envelope = { sensor: SENSOR, sendTime: '2026-09-23T00:00:00.000Z', dataVersion: 'x', data };
    const result = decodeMessage(
      JSON.stringify(envelope),
      { event_name: 'ignored for many events' },
      {
        ingestedAt: INGESTED_AT,
      },
    );
    expect(result.quarantined).toEqual([]);
    expect(result.rows.map((r) => r.table)).toEqual(fixtures.map((f) => f.event));
  });

  it('reads NavigationEvent objects of any kind into asset_accessed', () => {
    expect(rowOf('asset_accessed', 'course-modules-learner')).toMatchObject({
      asset_id: gid(1001),
      asset_type: 'course',
      asset_subtype: 'modules',
      asset_name: 'BIOL 101: Cell Biology',
      meta_user_id: gid(2001),
      meta_user_login: 'jlee@university.edu',
      meta_context_account_id: gid(12),
      meta_context_id: gid(1001),
      meta_context_type: 'Course',
      meta_http_method: 'GET',
      meta_referrer: 'https://canvas.university.edu/courses/1001',
      meta_session_id: '6f1c2e0b9d4a4f7e8c3b2a1d0e9f8c7b',
      meta_url: 'https://canvas.university.edu/courses/1001/modules',
      caliper_object_type: 'Entity',
      caliper_membership_roles: '["Learner"]',
      caliper_actor_type: 'Person',
      caliper_actor_id: `urn:instructure:canvas:user:${gid(2001)}`,
      category: null,
      role: null,
    });
    expect(rowOf('asset_accessed', 'assignment-api-developer-key')).toMatchObject({
      asset_id: gid(55),
      asset_type: 'assignment',
      asset_subtype: null,
      meta_developer_key_id: '170000000311',
      caliper_object_type: 'AssignableDigitalResource',
      caliper_membership_roles: null,
    });
    expect(rowOf('asset_accessed', 'classic-quiz-numeric-ids')).toMatchObject({
      asset_id: '30010000000000777',
      asset_type: 'quizzes:quiz',
      meta_user_id: '30010000000002003',
      meta_context_account_id: '30010000000000012',
    });
    expect(rowOf('asset_accessed', 'lti-tool-proxy')).toMatchObject({
      asset_id: gid(41),
      asset_type: 'lti/tool_proxy',
      caliper_object_id: `urn:instructure:canvas:lti/tool_proxy:${gid(41)}`,
    });
    expect(rowOf('asset_accessed', 'external-tool-instructor')).toMatchObject({
      url: 'https://labsim.example.com/lti/launch',
      domain: 'labsim.example.com',
      caliper_membership_roles: '["Instructor"]',
    });
    expect(rowOf('asset_accessed', 'discussion-thread')).toMatchObject({
      asset_id: gid(9001),
      asset_type: 'discussion_topic',
      caliper_object_type: 'Thread',
    });
    expect(rowOf('asset_accessed', 'wiki-page-masquerade')).toMatchObject({
      asset_type: 'wiki_page',
      meta_user_id: gid(3001),
      meta_real_user_id: gid(9001),
    });
    expect(rowOf('asset_accessed', 'group-pages-local-ids')).toMatchObject({
      asset_id: '6296',
      meta_context_account_id: '12',
    });
    expect(rowOf('asset_accessed', 'minimal-no-extensions')).toMatchObject({
      asset_id: gid(1002),
      asset_type: null,
      meta_user_id: gid(2004),
      meta_session_id: null,
      caliper_sensor: SENSOR,
    });
  });

  it('does not take Canvas itself for a user when it is the actor', () => {
    for (const variant of ['attachment-system-actor', 'user-calendar-feed-no-context']) {
      expect(rowOf('asset_accessed', variant)).toMatchObject({
        meta_user_id: null,
        caliper_actor_type: 'SoftwareApplication',
        caliper_actor_id: SENSOR,
      });
    }
    expect(rowOf('asset_accessed', 'attachment-system-actor')).toMatchObject({
      filename: 'Lab+3+handout.pdf',
      display_name: 'Lab+3+handout.pdf',
    });
    expect(rowOf('asset_accessed', 'user-calendar-feed-no-context').meta_context_account_id).toBeNull();
    expect(rowOf('grade_change', 'auto-graded-quiz-job')).toMatchObject({
      meta_user_id: null,
      grader_id: null,
      caliper_actor_id: 'www.canvaslms.com',
      caliper_edapp_id: 'www.canvaslms.com',
    });
  });

  it('reads SessionEvents into logged_in and logged_out', () => {
    expect(rowOf('logged_in', 'deep-link')).toMatchObject({
      redirect_url: 'https://canvas.university.edu/courses/1001/assignments/55',
      meta_user_id: gid(2001),
      meta_url: 'https://canvas.university.edu/login/saml',
      caliper_object_id: SENSOR,
      caliper_object_type: 'SoftwareApplication',
    });
    expect(rowOf('logged_in', 'no-redirect-numeric-actor')).toMatchObject({
      redirect_url: null,
      meta_user_id: '30010000000002003',
    });
    expect(rowOf('logged_out', 'from-course-page').meta_session_id).toBe('6f1c2e0b9d4a4f7e8c3b2a1d0e9f8c7b');
    expect(rowOf('logged_out', 'minimal')).toMatchObject({ meta_user_id: gid(2002), meta_session_id: null });
  });

  it('reads forum events into the discussion tables', () => {
    expect(rowOf('discussion_entry_created', 'top-level-local-ids')).toMatchObject({
      discussion_entry_id: '71250',
      discussion_topic_id: '9001',
      parent_discussion_entry_id: null,
      user_id: gid(2002),
      text: '<p>Phospholipids form the bilayer because their tails avoid water.</p>',
      created_at: null,
    });
    expect(rowOf('discussion_entry_created', 'reply-in-group')).toMatchObject({
      discussion_entry_id: gid(71302),
      discussion_topic_id: gid(9050),
      parent_discussion_entry_id: gid(71250),
      user_id: gid(2001),
      created_at: Date.parse('2026-09-17T12:02:13.655Z'),
      meta_context_type: 'Group',
      meta_context_id: gid(6296),
      caliper_group_type: 'Group',
    });
    expect(rowOf('discussion_entry_created', 'no-object-extensions').discussion_entry_id).toBe(gid(71400));
    expect(rowOf('discussion_topic_created', 'announcement-local-course')).toMatchObject({
      discussion_topic_id: gid(9000),
      title: 'Welcome to BIOL 101',
      is_announcement: true,
      context_id: '1001',
      context_type: 'Course',
    });
    expect(rowOf('discussion_topic_created', 'topic-numeric-ids')).toMatchObject({
      discussion_topic_id: gid(9001),
      is_announcement: false,
      updated_at: Date.parse('2026-09-14T10:10:09.800Z'),
    });
    expect(rowOf('discussion_topic_created', 'group-no-object-extensions')).toMatchObject({
      discussion_topic_id: gid(9050),
      is_announcement: null,
      context_id: gid(6296),
      context_type: 'Group',
    });
  });

  it('reads GradeEvents into grade_change', () => {
    expect(rowOf('grade_change', 'teacher-gradebook')).toMatchObject({
      submission_id: gid(700100),
      assignment_id: gid(55),
      user_id: gid(2001),
      student_id: gid(2001),
      student_sis_id: 'S2001',
      grade: 'B+',
      score: 17.5,
      points_possible: 20,
      grader_id: gid(3001),
      meta_user_id: gid(3001),
    });
    expect(rowOf('grade_change', 'auto-graded-quiz-job')).toMatchObject({
      grade: '9',
      score: 9,
      points_possible: 10,
      student_sis_id: null,
      meta_job_id: '1020030000411234',
      meta_job_tag: 'Quizzes::SubmissionGrader#grade_submission',
      meta_session_id: null,
    });
    expect(rowOf('grade_change', 'letter-grade-no-score')).toMatchObject({
      submission_id: gid(700300),
      grade: 'A-',
      score: null,
      points_possible: null,
      grader_id: null,
    });
  });

  it('reads Assessment events into the classic quiz tables', () => {
    expect(rowOf('quiz_created', 'graded-quiz')).toMatchObject({
      quiz_id: gid(777),
      title: 'Week 3 quiz',
      quiz_type: 'assignment',
      time_limit: 45n,
      access_code: false,
      workflow_state: 'unpublished',
      unlock_at: Date.parse('2026-09-21T05:00:00.000Z'),
      due_at: Date.parse('2026-09-28T04:59:59.000Z'),
      points_possible: 25,
      context_id: gid(1001),
      context_type: 'Course',
      caliper_date_created: Date.parse('2026-09-10T18:00:40.733Z'),
    });
    expect(rowOf('quiz_created', 'practice-quiz-course-copy-job')).toMatchObject({
      quiz_id: gid(778),
      quiz_type: 'practice_quiz',
      time_limit: null,
      meta_job_tag: 'ContentMigration#import_content',
    });
    expect(rowOf('quiz_updated', 'published')).toMatchObject({
      quiz_id: gid(777),
      time_limit: 50n,
      access_code: true,
      workflow_state: 'available',
      updated_at: Date.parse('2026-09-12T09:30:11.590Z'),
    });
    expect(rowOf('quiz_updated', 'survey-local-course-no-extensions')).toMatchObject({
      quiz_id: gid(779),
      quiz_type: null,
      context_id: '1001',
    });
    expect(rowOf('quiz_submitted', 'student-submits')).toMatchObject({
      submission_id: gid(51001),
      quiz_id: gid(777),
      meta_user_id: gid(2001),
    });
    expect(rowOf('quiz_submitted', 'numeric-ids-no-session')).toMatchObject({
      submission_id: gid(51002),
      quiz_id: gid(777),
    });
  });

  it('tells a quiz submission from an assignment submission on the same URN kind', () => {
    const quiz = firstEvent(fixture('quiz_submitted', 'student-submits'));
    const envelope = (event: Record<string, unknown>) =>
      JSON.stringify({
        sensor: SENSOR,
        sendTime: '2026-09-22T14:48:03.399Z',
        dataVersion: 'x',
        data: [event],
      });
    expect(onlyRow(envelope(quiz)).table).toBe('quiz_submitted');
    expect(onlyRow(envelope({ ...quiz, type: 'AssignableEvent' })).table).toBe('submission_created');
  });
});

describe('Caliper and Canvas twins of the same event', () => {
  const twins = fixtures.filter((f) => f.twin !== undefined);

  it('has twins for the request, API, masquerade and job cases', () => {
    expect(twins.map((f) => `${f.event}/${f.variant}`)).toEqual([
      'asset_accessed/assignment-api-developer-key',
      'asset_accessed/wiki-page-masquerade',
      'grade_change/auto-graded-quiz-job',
      'logged_in/deep-link',
      'quiz_created/practice-quiz-course-copy-job',
    ]);
  });

  it.each(twins.map((f) => [`${f.event}/${f.variant}`, f] as const))(
    '%s: every value the Caliper form carries lands in the column its Canvas twin fills',
    (_, f) => {
      const caliper = onlyRow(f.text);
      const canvas = onlyRow(f.twin?.text as string);
      expect(canvas.table).toBe(caliper.table);
      expect(canvas.row.source_format).toBe('canvas');
      const def = eventDefFor(f.event);
      for (const column of def?.bodyColumns ?? []) {
        const value = caliper.row[column.name];
        if (value !== null) expect(canvas.row[column.name], column.name).toEqual(value);
      }
      for (const column of SIGNAL_COLUMNS) expect(caliper.row[column], column).toEqual(canvas.row[column]);
      expect(caliper.row.event_time).toBe(canvas.row.event_time);
    },
  );

  it('gives the same provenance as the Canvas twin where Caliper carries the signals', () => {
    const provenance = (f: ExtraFixture) =>
      [f.text, f.twin?.text as string].map((text) => classifyProvenance(signalsOf(onlyRow(text).row)));
    const same = (event: string, variant: string) => {
      const [caliper, canvas] = provenance(fixture(event, variant));
      expect(caliper, `${event}/${variant}`).toEqual(canvas);
      return caliper?.created_via;
    };
    expect(same('asset_accessed', 'assignment-api-developer-key')).toBe('api_integration');
    expect(same('grade_change', 'auto-graded-quiz-job')).toBe('background_job');
    expect(same('quiz_created', 'practice-quiz-course-copy-job')).toBe('background_job');

    // A browser session without a developer key is web_ui in the Canvas format. Caliper forms other than
    // NavigationEvent never carry the developer key, so its absence proves nothing there: unknown.
    for (const variant of ['wiki-page-masquerade']) {
      const [caliper, canvas] = provenance(fixture('asset_accessed', variant));
      expect(canvas).toMatchObject({ created_via: 'web_ui', masqueraded_by: gid(9001) });
      expect(caliper).toMatchObject({ created_via: 'unknown', masqueraded_by: gid(9001) });
    }
    const [caliper, canvas] = provenance(fixture('logged_in', 'deep-link'));
    expect(canvas?.created_via).toBe('web_ui');
    expect(caliper?.created_via).toBe('unknown');
  });
});
