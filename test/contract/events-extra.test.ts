import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { tableNameFor } from '../../lambda/contract/define.js';
import { EVENT_DEFS, eventDefFor } from '../../lambda/contract/events/index.js';
import type { EventRow } from '../../lambda/contract/row.js';
import { canvasDocs } from '../support/catalog.js';
import { eventsExtraFixtures } from '../support/extra-fixtures.js';

// After every fixture's event_time (some are dated 2027), so none is filed under the ingest date.
const INGESTED_AT = Date.UTC(2027, 5, 1);
const fixtures = eventsExtraFixtures();

function onlyRow(text: string): EventRow {
  const result = decodeMessage(text, undefined, { ingestedAt: INGESTED_AT });
  expect(result.quarantined).toEqual([]);
  expect(result.rows).toHaveLength(1);
  return result.rows[0] as EventRow;
}
const rowOf = (event: string, variant: string) => {
  const f = fixtures.find((x) => x.event === event && x.variant === variant);
  if (f === undefined) throw new Error(`no fixture ${event}/${variant}`);
  return onlyRow(f.text).row;
};
const gid = (n: number) => (30010000000000000n + BigInt(n)).toString();

describe('event types beyond the catalog', () => {
  it('has fixtures for every type that has a schema but no catalog example', () => {
    const catalog = new Set(canvasDocs().map(({ doc }) => doc.name));
    const beyond = EVENT_DEFS.filter((d) => !catalog.has(d.name)).map((d) => d.name);
    expect([...new Set(fixtures.map((f) => f.event))].sort()).toEqual(beyond.sort());
  });

  it.each(fixtures.map((f) => [`${f.event}/${f.variant}`, f] as const))(
    '%s lands in its own table with every field known and valid',
    (_, f) => {
      const { table, row } = onlyRow(f.text);
      expect(table).toBe(tableNameFor(f.event));
      expect(row.event_name).toBe(f.event);
      expect(row.source_format).toBe('canvas');
      expect(row.validation_issues).toBeNull();
      expect(row.extra_json).toBeNull();
      // Every body key of the fixture has a column, filled unless the value is null.
      const def = eventDefFor(f.event);
      const body = f.payload.body as Record<string, unknown>;
      for (const column of def?.bodyColumns ?? []) {
        const [key, child] = column.path;
        const sent =
          child === undefined ? body[key] : (body[key] as Record<string, unknown> | undefined)?.[child];
        if (sent === undefined || sent === null) expect(row[column.name], column.name).toBeNull();
        else expect(row[column.name], column.name).not.toBeNull();
      }
    },
  );

  it('keeps the nested and JSON fields of the blueprint and export events', () => {
    expect(
      JSON.parse(rowOf('default_blueprint_restrictions_updated', 'locks-by-type').restrictions as string),
    ).toMatchObject({ 'Quizzes::Quiz': { content: true, due_dates: true } });
    expect(rowOf('blueprint_restrictions_updated', 'new-quiz-locked')).toMatchObject({
      canvas_assignment_id: '8801',
      use_default_restrictions: false,
    });
    expect(rowOf('quiz_export_complete', 'with-qti-package')).toMatchObject({
      assignment_assignment_id: '8801',
      assignment_title: 'Week 3 quiz',
      content_export_id: `content-export-${gid(6202)}`,
      qti_export_url:
        'https://canvas.university.edu/files/99012/download?verifier=Zk3qPp0sL8&access_token=[REDACTED]',
      meta_job_tag: 'ContentExport#export',
    });
    expect(rowOf('quiz_export_complete', 'assignment-only')).toMatchObject({
      assignment_assignment_id: null,
      qti_export_url: null,
    });
    expect(rowOf('quiz_export_complete', 'older-external-url')).toMatchObject({
      assignment_context_type: 'external_url',
      assignment_context_id: '1001',
      content_export_id: null,
    });
    expect(JSON.parse(rowOf('content_export_created', 'common-cartridge').settings as string)).toEqual({
      selected_content: { all_assignments: '1', all_quizzes: '1' },
      user_locale: 'en',
    });
  });

  it('reads both the current and the older quizzes_next_quiz_duplicated payloads', () => {
    expect(rowOf('quizzes_next_quiz_duplicated', 'course-copy')).toMatchObject({
      status: 'duplicating',
      created_on_blueprint_sync: false,
      new_assignment_id: null,
    });
    expect(rowOf('quizzes_next_quiz_duplicated', 'retry-alignment-clone')).toMatchObject({
      status: 'outcome_alignment_cloning',
      resource_map_url: '',
    });
    expect(rowOf('quizzes_next_quiz_duplicated', 'per-assignment-legacy')).toMatchObject({
      new_assignment_id: gid(8902),
      new_resource_link_id: '0f9e8d7c6b5a49382716051a2b3c4d5e6f708192',
      status: null,
    });
  });

  it('reads edits and deletions of discussion replies like their creation', () => {
    expect(rowOf('discussion_entry_updated', 'reply-edited')).toMatchObject({
      discussion_entry_id: gid(71302),
      parent_discussion_entry_id: gid(71250),
      user_id: gid(2001),
      meta_http_method: 'PUT',
    });
    expect(rowOf('discussion_entry_deleted', 'top-level-soft-deleted')).toMatchObject({
      discussion_entry_id: gid(71400),
      parent_discussion_entry_id: null,
      meta_user_id: gid(3001),
    });
  });

  it('reads the heartbeat with or without a job', () => {
    expect(rowOf('heartbeat', 'hosted-prod')).toMatchObject({
      region: 'us-east-1',
      meta_job_tag: 'Canvas::LiveEvents.heartbeat',
    });
    expect(rowOf('heartbeat', 'open-source-not-configured')).toMatchObject({
      region: 'not_configured',
      meta_user_id: null,
    });
  });
});

describe('New Quizzes events ({attributes, body})', () => {
  it('reads attributes as the metadata of the event', () => {
    expect(rowOf('quizzes.quiz_created', 'graded-quiz')).toMatchObject({
      event_name: 'quizzes.quiz_created',
      event_time: Date.parse('2026-09-18T06:35:02.079Z'),
      meta_producer: 'quizzes',
      meta_root_account_uuid: 'k2Jd8sLq0Zx7Vb3Nm5Pw1Rt4Yh6Gf9Cu2Ei8Ao3S',
      id: '372',
      quiz_type: 'graded_quiz',
      practice_quiz: false,
      points_possible: 0,
      archived: false,
    });
    expect(rowOf('quizzes.quiz_created', 'practice-numeric-ids')).toMatchObject({
      id: '373',
      course_id: '1001',
      points_possible: 12.5,
    });
  });

  it('flattens the owner of a quiz item, whether a quiz or an item bank', () => {
    expect(rowOf('quizzes.item_created', 'quiz-essay')).toMatchObject({
      id: '495',
      question_type: 'essay',
      owner_type: 'quiz',
      owner_quiz_id: '372',
      owner_course_id: '1001',
      owner_lti_resource_id: null,
    });
    expect(rowOf('quizzes.item_created', 'bank-multiple-choice')).toMatchObject({
      owner_type: 'bank',
      owner_quiz_id: null,
    });
  });

  it('keeps a New Quizzes event of a type without a documented payload whole in other_events', () => {
    const message = {
      attributes: {
        event_name: 'quizzes.item_updated',
        event_time: '2026-09-18T06:00:00.000Z',
        producer: 'quizzes',
      },
      body: { id: '495', question_type: 'essay', workflow_state: 'mutable' },
    };
    const { table, row } = onlyRow(JSON.stringify(message));
    expect(table).toBe('other_events');
    expect(row.event_name).toBe('quizzes.item_updated');
    expect(row.meta_producer).toBe('quizzes');
    expect(JSON.parse(row.body_json as string)).toEqual(message.body);
  });

  it('quarantines attributes without a body as an unknown format', () => {
    const result = decodeMessage(JSON.stringify({ attributes: { event_name: 'x' } }), undefined, {
      ingestedAt: INGESTED_AT,
    });
    expect(result.quarantined.map((q) => q.reason)).toEqual(['unknown_format']);
  });
});
