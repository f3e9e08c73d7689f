import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { tableNameFor } from '../../lambda/contract/define.js';
import type { EventRow } from '../../lambda/contract/row.js';
import { canvasDocs, examplesOf, seedPayloads } from '../support/catalog.js';

const INGESTED_AT = Date.UTC(2026, 10, 23);
const decode = (payload: unknown) =>
  decodeMessage(JSON.stringify(payload), undefined, { ingestedAt: INGESTED_AT });

function onlyRow(payload: unknown): EventRow {
  const result = decode(payload);
  expect(result.quarantined).toEqual([]);
  expect(result.rows).toHaveLength(1);
  return result.rows[0] as EventRow;
}

describe('Canvas-format catalog examples', () => {
  const examples = examplesOf('canvas');

  it('has an example for every event type of the catalog', () => {
    expect([...new Set(examples.map((e) => e.file))]).toEqual(canvasDocs().map(({ file }) => file));
  });

  it.each(examples.map((e) => [`${e.file}#${e.index}`, e] as const))(
    '%s decodes into its own table',
    (_, example) => {
      const row = onlyRow(example.payload);
      expect(row.table).toBe(tableNameFor(example.doc.name));
      expect(row.row.source_format).toBe('canvas');
      expect(row.row.event_id).toMatch(/^[0-9a-f]{32}$/);
    },
  );

  it('keeps every documented quirk as a value, not a crash', () => {
    const user = examples.find((e) => e.file === 'user_updated');
    const row = onlyRow(user?.payload).row;
    expect(row.updated_at).toBeNull();
    expect(JSON.parse(row.validation_issues as string)).toEqual({
      'body.updated_at': { issue: 'expected a timestamp', value: '019-11-01T19:11:01.163Z' },
    });
    expect(row.created_at).toBe(Date.parse('2019-05-01T19:32:25Z'));
  });

  it('stores a grade_override body sent as grade_change in grade_override', () => {
    const example = examples.find((e) => e.file === 'grade_override');
    const row = onlyRow(example?.payload);
    expect(row.table).toBe('grade_override');
    expect(row.row.event_name).toBe('grade_change');
    expect(row.row.override_score).toBe(90);
    expect(row.row.score_id).toBe('43');
  });

  it('spot-checks values: ids, numbers, booleans, timestamps in every form', () => {
    const row = (file: string, index = 0) =>
      onlyRow(examples.find((e) => e.file === file && e.index === index)?.payload).row;

    const account = row('account_created');
    expect(account.account_id).toBe('3'); // sent as the number 3
    expect(account.parent_account_id).toBe('2');

    const course = row('course_updated');
    expect(course.updated_at).toBe(Date.parse('2019-11-05T15:38:00Z')); // 2019-11-05 07:38:00 -0800

    const forwarded = row('conversation_forwarded');
    expect(forwarded.updated_at).toBe(Date.parse('2020-03-30T17:18:51Z')); // 2020-03-30T11:18:51-06:00

    const quiz = row('quiz_updated');
    expect(quiz.points_possible).toBe(100);
    expect(quiz.time_limit).toBe(30n);
    expect(quiz.shuffle_answers).toBe(true);

    const completed = row('course_completed');
    expect(completed.course_id).toBe('565');
    expect(completed.user_id).toBe('123');
    expect(completed.progress_requirement_count).toBe(6n);
    expect(completed.progress_completed_at).toBe(Date.parse('2019-11-05T13:38:00.218Z'));

    const comment = row('submission_comment_created');
    expect(JSON.parse(comment.attachment_ids as string)).toEqual(['54417187', '54417188']);

    const enrollment = row('enrollment_created');
    expect(enrollment.meta_url).toBe(
      'https://oxana.instructure.com/api/v1/sections/4811/enrollments?enrollment[user_id]=20064&enrollment[type]=StudentEnrollment&enrollment[enrollment_state]=invited&enrollment[limit_privileges_to_course_section]=true&enrollment[notify]=true',
    );
    expect(enrollment.limit_privileges_to_course_section).toBe(false);
    expect(enrollment.event_time).toBe(Date.parse('2018-10-09T21:07:33Z'));
  });

  it('redacts access tokens from every URL in the catalog', () => {
    const leaks = examples.flatMap((e) =>
      decode(e.payload).rows.filter((r) =>
        JSON.stringify(r.row, (_k, v) => (typeof v === 'bigint' ? 0 : v)).match(
          /access_token=(?!\[REDACTED\])/,
        ),
      ),
    );
    expect(leaks).toEqual([]);
    expect(examples.some((e) => JSON.stringify(e.payload).includes('access_token='))).toBe(true);
  });

  it('reads both spellings of assignment_id_duplicated_from into one column', () => {
    expect(row0('assignment_created').assignment_id_duplicated_from).toBe('21070000000000420');
    expect(row0('assignment_updated').assignment_id_duplicated_from).toBe('21070000000000420');
    expect(row0('assignment_updated').extra_json).toBeNull();
    function row0(file: string) {
      return onlyRow(examples.find((e) => e.file === file)?.payload).row;
    }
  });

  it('classifies the provenance of the enrollment examples', () => {
    const created = onlyRow(examples.find((e) => e.file === 'enrollment_created')?.payload).row;
    expect(created).toMatchObject({
      created_via: 'api_integration',
      provenance_evidence: 'developer_key_id=170000000056',
      acting_user_id: '21070000000000001',
      masqueraded_by: null,
    });
    const updated = onlyRow(examples.find((e) => e.file === 'enrollment_updated')?.payload).row;
    expect(updated).toMatchObject({
      created_via: 'sis_import',
      provenance_evidence: 'job_tag=SIS::CSV::ImportRefactored#run_parallel_importer',
    });
    const stateUpdated = onlyRow(examples.find((e) => e.file === 'enrollment_state_updated')?.payload).row;
    expect(stateUpdated.created_via).toBe('background_job');
    const stateCreated = onlyRow(examples.find((e) => e.file === 'enrollment_state_created')?.payload).row;
    expect(stateCreated).toMatchObject({
      created_via: 'web_ui',
      state_started_at: Date.parse('2019-10-05T13:38:00Z'),
    });
  });
});

describe('Caliper catalog examples', () => {
  const examples = examplesOf('caliper');

  it('covers the 23 Caliper event types of the seed document', () => {
    expect(new Set(examples.map((e) => e.file)).size).toBe(23);
  });

  it.each(examples.map((e) => [`${e.file}#${e.index}`, e] as const))(
    '%s lands in the table of its Canvas-format twin, with nothing left over',
    (_, example) => {
      const row = onlyRow(example.payload);
      expect(row.table).toBe(example.doc.name);
      expect(row.row.source_format).toBe('caliper');
      expect(row.row.event_id).toMatch(/^urn:uuid:/);
      expect(row.row.validation_issues).toBeNull();
      expect(row.row.extra_json).toBeNull();
    },
  );

  it('maps URNs and extensions onto the Canvas columns', () => {
    const enrollment = onlyRow(examples.find((e) => e.file === 'enrollment_created')?.payload).row;
    expect(enrollment).toMatchObject({
      enrollment_id: '21070000000046825',
      course_id: '21070000000000565',
      course_section_id: '21070000000004811',
      user_id: '21070000000020064',
      type: 'StudentEnrollment',
      workflow_state: 'invited',
      meta_user_id: '21070000000000001',
      meta_session_id: 'ef686f8ed684abf78cbfa1f6a58112b5',
      meta_url:
        'https://oxana.instructure.com/api/v1/sections/4811/enrollments?enrollment[user_id]=20064&enrollment[type]=StudentEnrollment&enrollment[enrollment_state]=invited&enrollment[limit_privileges_to_course_section]=true&enrollment[notify]=true',
      caliper_object_id: 'urn:instructure:canvas:enrollment:21070000000046825',
      caliper_action: 'Created',
      caliper_send_time: Date.parse('2019-11-16T02:09:05.296Z'),
      created_via: 'unknown',
    });
    const submission = onlyRow(examples.find((e) => e.file === 'submission_created')?.payload).row;
    expect(submission).toMatchObject({
      submission_id: '21070000012345567',
      assignment_id: '21070000001234012',
      user_id: '21070000000014012',
      attempt: 12n,
      submission_type: 'online_text_entry',
      caliper_event_type: 'AssignableEvent',
    });
    const state = onlyRow(examples.find((e) => e.file === 'enrollment_state_updated')?.payload).row;
    expect(state.meta_url).toBe(
      'https://oxana.instrucvture.com/api/v1/courses/565/enrollments/1999?task=delete&access_token=[REDACTED]',
    );
    const assignment = onlyRow(examples.find((e) => e.file === 'assignment_created')?.payload).row;
    expect(assignment).toMatchObject({
      title: 'add_new_assignment_3',
      due_at: Date.parse('2018-10-01T05:59:59.000Z'),
      points_possible: 100,
      context_id: '21070000000000565',
      caliper_membership_roles: '["Instructor"]',
    });
  });
});

describe('seed documents', () => {
  it('decodes the four Canvas-format enrollment payloads of seed 000 with zero quarantines', () => {
    const rows = seedPayloads('000_9ec397395d9849ba.txt').map(onlyRow);
    expect(rows.map((r) => r.table)).toEqual([
      'enrollment_created',
      'enrollment_state_created',
      'enrollment_state_updated',
      'enrollment_updated',
    ]);
    expect(rows.map((r) => r.row.created_via)).toEqual([
      'api_integration',
      'web_ui',
      'background_job',
      'sis_import',
    ]);
  });

  it('decodes the 23 Caliper payloads of seed 001 with zero quarantines, each in its table', () => {
    const rows = seedPayloads('001_a7e52155ecdc4507.txt').map(onlyRow);
    expect(rows).toHaveLength(23);
    expect(new Set(rows.map((r) => r.table)).size).toBe(23);
    expect(rows.every((r) => r.table !== 'other_events')).toBe(true);
  });
});
