import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLake, type QueryRow } from '../../cli/local-lake.js';
import { DEFAULT_PRICES } from '../../lambda/cost/prices.js';
import { LocalSink } from '../../lambda/lake/local-sink.js';
import { LocalStore } from '../../lambda/lake/local-store.js';
import { compactLake } from '../../lambda/maintenance/compact.js';
import { runInvocation } from '../../lambda/pipeline/invocation.js';
import { QUERIES, queryById } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import { maintenanceConfig, testContext } from '../support/lake.js';
import {
  ASSETS,
  BROKEN,
  CALIPER_ENROLLMENT,
  COURSE_A,
  COURSE_B,
  DT_FROM,
  DT_TO,
  E,
  ENROLLMENTS_BATCH_1,
  EXPECTED_CREATED_VIA,
  INTEGRATIONS,
  UNTYPED,
  UNTYPED_DUPLICATE,
  USERS,
} from './scenario.js';

const root = mkdtempSync(join(tmpdir(), 'queries-'));
let lake: LocalLake;
const BATCH_1_AT = Date.UTC(2026, 8, 15);
const BATCH_2_AT = Date.UTC(2026, 8, 16);

async function ingest(bodies: string[], startedAt: number, requestId: string) {
  const messages = bodies.map((body, i) => ({ messageId: `${requestId}-${i}`, body }));
  const outcome = await runInvocation(
    messages,
    new LocalSink(root),
    { prefix: '', format: 'parquet', integrations: INTEGRATIONS, prices: DEFAULT_PRICES },
    {
      requestId,
      functionName: 'test',
      memoryMb: 1024,
      architecture: 'arm64',
      startedAt,
      clock: () => performance.now(),
    },
  );
  expect(outcome.result.failedMessageIds).toEqual([]);
}

beforeAll(async () => {
  await ingest([...ENROLLMENTS_BATCH_1, ...ASSETS, ...BROKEN], BATCH_1_AT, 'batch-1');
  // A second batch: a duplicate delivery of 50004 (a new file) and a Caliper enrollment.
  const duplicate = ENROLLMENTS_BATCH_1.find((m) => m.includes(E(50004))) as string;
  await ingest([duplicate, CALIPER_ENROLLMENT], BATCH_2_AT, 'batch-2');
  // Untyped events, then one of them delivered again (outside the cost checks' range). Ingested after their
  // latest event time, as live traffic is: an event more than a day ahead of ingest would be filed under the
  // ingest date instead (PLAUSIBLE_EVENT_TIME).
  await ingest(UNTYPED, Date.UTC(2026, 9, 2, 12), 'batch-3');
  await ingest([UNTYPED_DUPLICATE], Date.UTC(2026, 9, 3), 'batch-4');
  lake = await LocalLake.open(root);
});
afterAll(() => {
  lake?.close();
  rmSync(root, { recursive: true, force: true });
});

async function run(id: string, params: Record<string, string> = {}): Promise<QueryRow[]> {
  const def = queryById(id);
  if (def === undefined) throw new Error(id);
  const sql = renderQuery(
    def,
    { dt_from: DT_FROM, dt_to: DT_TO, ...params },
    { mode: 'values', today: '2026-11-23' },
  );
  return (await lake.query(sql)).rows;
}
const costsRange = { dt_from: '2026-09-15', dt_to: '2026-09-16' };

/** The cost records of costsRange, read straight from the files the pipeline wrote. */
interface CostRecordJson {
  request_id: string;
  total_usd: number;
  events: number;
  messages: number;
}
function costRecords(): CostRecordJson[] {
  const dir = join(root, 'costs');
  const inRange = (day: string) => day >= `dt=${costsRange.dt_from}` && day <= `dt=${costsRange.dt_to}`;
  return readdirSync(dir)
    .filter(inRange)
    .flatMap((day) =>
      readdirSync(join(dir, day)).map(
        (f) => JSON.parse(readFileSync(join(dir, day, f), 'utf8')) as CostRecordJson,
      ),
    );
}

const checks: Record<string, () => Promise<void>> = {
  async enrollment_provenance() {
    const rows = await run('enrollment_provenance');
    expect(Object.fromEntries(rows.map((r) => [r.enrollment_id, r.created_via]))).toEqual(
      EXPECTED_CREATED_VIA,
    );
    expect(rows).toHaveLength(10); // 50004 delivered twice counts once; 50011 is outside the range
    const api = rows.find((r) => r.enrollment_id === E(50002));
    expect(api).toMatchObject({
      course_id: COURSE_A,
      user_id: USERS.s2,
      enrollment_type: 'StudentEnrollment',
      acting_user_id: USERS.svc,
      developer_key_id: '170000000056',
      integration_name: 'Registrar sync',
      source_format: 'canvas',
      event_time: '2026-08-25T10:00:00.000Z',
    });
    expect(rows.find((r) => r.enrollment_id === E(50001))).toMatchObject({
      job_tag: 'SIS::CSV::ImportRefactored#run_parallel_importer',
    });
    expect(rows.find((r) => r.enrollment_id === E(50008))).toMatchObject({
      masqueraded_by: USERS.admin,
      acting_user_id: USERS.t1,
    });
    expect(rows.find((r) => r.enrollment_id === E(50009))).toMatchObject({
      source_format: 'caliper',
      user_id: USERS.s7,
    });
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'enrollment_id',
      'course_id',
      'course_section_id',
      'user_id',
      'enrollment_type',
      'workflow_state',
      'event_time',
      'created_via',
      'provenance_evidence',
      'acting_user_id',
      'acting_user_login',
      'masqueraded_by',
      'developer_key_id',
      'integration_name',
      'job_tag',
      'source_format',
    ]);
    expect(
      (await run('enrollment_provenance', { course_id: COURSE_B })).map((r) => r.enrollment_id).sort(),
    ).toEqual([E(50003), E(50006), E(50007), E(50009), E(50010)].sort());
  },
  async enrollment_provenance_summary() {
    const rows = await run('enrollment_provenance_summary');
    expect(rows.map((r) => [r.created_via, r.enrollment_type, r.enrollments])).toEqual([
      ['api_integration', 'StudentEnrollment', 2],
      ['web_ui', 'StudentEnrollment', 2],
      ['web_ui', 'TeacherEnrollment', 2],
      ['background_job', 'TeacherEnrollment', 1],
      ['self_enrollment', 'StudentEnrollment', 1],
      ['sis_import', 'StudentEnrollment', 1],
      ['unknown', 'StudentEnrollment', 1],
    ]);
    expect(rows.reduce((sum, r) => sum + (r.percent as number), 0)).toBeCloseTo(100, 0);
    const courseA = await run('enrollment_provenance_summary', { course_id: COURSE_A });
    expect(courseA.map((r) => [r.created_via, r.enrollment_type, r.enrollments])).toEqual([
      ['web_ui', 'StudentEnrollment', 2],
      ['api_integration', 'StudentEnrollment', 1],
      ['sis_import', 'StudentEnrollment', 1],
      ['web_ui', 'TeacherEnrollment', 1],
    ]);
    // By account: only Canvas-format requests carry the course's account.
    const accountB = await run('enrollment_provenance_summary', { account_id: '21070000000000011' });
    expect(accountB.map((r) => [r.created_via, r.enrollments])).toEqual([
      ['api_integration', 1],
      ['self_enrollment', 1],
      ['web_ui', 1],
    ]);
  },
  async enrollment_sources_daily() {
    const rows = await run('enrollment_sources_daily');
    expect(rows).toContainEqual({ day: '2026-08-20', created_via: 'sis_import', enrollments: 1 });
    expect(rows).toContainEqual({ day: '2026-08-27', created_via: 'web_ui', enrollments: 1 });
    expect(rows.reduce((sum, r) => sum + (r.enrollments as number), 0)).toBe(10);
  },
  async enrollment_audit_trail() {
    const trail = await run('enrollment_audit_trail', { enrollment_id: E(50002) });
    expect(trail.map((r) => [r.event_name, r.created_via, r.state, r.user_id, r.course_id])).toEqual([
      ['enrollment_created', 'api_integration', 'active', USERS.s2, COURSE_A],
      ['enrollment_state_created', 'background_job', 'active', USERS.s2, COURSE_A],
      ['enrollment_updated', 'sis_import', 'completed', USERS.s2, COURSE_A],
    ]);
    const byUser = await run('enrollment_audit_trail', { user_id: USERS.s4 });
    expect(byUser.map((r) => r.enrollment_id)).toEqual([E(50004)]); // the duplicate delivery shows once
    const byCourse = await run('enrollment_audit_trail', { course_id: COURSE_B });
    expect(new Set(byCourse.map((r) => r.enrollment_id))).toEqual(
      new Set([E(50003), E(50006), E(50007), E(50009), E(50010)]),
    );
  },
  async enrollments_outside_integrations() {
    const rows = await run('enrollments_outside_integrations');
    expect(rows.map((r) => r.enrollment_id).sort()).toEqual(
      [E(50003), E(50004), E(50005), E(50006), E(50007), E(50008), E(50009), E(50010)].sort(),
    );
  },
  async teacher_added_teachers() {
    const rows = await run('teacher_added_teachers');
    expect(rows).toEqual([
      expect.objectContaining({
        enrollment_id: E(50005),
        course_id: COURSE_A,
        teacher_user_id: USERS.t2,
        added_by_user_id: USERS.t1,
        added_by_role: 'TeacherEnrollment',
      }),
    ]);
  },
  async quarantine_summary() {
    const rows = await run('quarantine_summary', costsRange);
    expect(rows.map((r) => [r.day, r.reason, r.events, r.messages])).toEqual([
      ['2026-09-15', 'missing_event_name', 1, 1],
      ['2026-09-15', 'not_json', 1, 1],
    ]);
  },
  async ingest_lag() {
    const rows = await run('ingest_lag');
    const enrollments = rows.find((r) => r.table_name === 'enrollment_created');
    // Ten distinct enrollments: the first delivery of 50004 (batch 1) counts, not the duplicate.
    expect(enrollments?.events).toBe(10);
    const assets = rows.find((r) => r.table_name === 'asset_accessed');
    // asset events at 09-05, 09-06, 09-07 10:00, ingested 09-15 00:00: 9.583, 8.583 and 7.583 days.
    expect(assets).toMatchObject({ events: 3, max_seconds: 9 * 86_400 + 14 * 3600 });
    expect(assets?.p50_seconds).toBe(8 * 86_400 + 14 * 3600);
  },
  async schema_drift() {
    const rows = await run('schema_drift');
    expect(rows).toEqual([
      { table_name: 'asset_accessed', kind: 'invalid_value', field: 'body.asset_id', events: 1 },
      { table_name: 'asset_accessed', kind: 'unknown_field', field: 'body.new_canvas_field', events: 1 },
    ]);
  },
  async untyped_events() {
    const rows = await run('untyped_events');
    expect(rows).toEqual([
      {
        event_name: 'course_pace_published',
        source_format: 'canvas',
        events: 2, // the redelivery counts once; the third is after dt_to
        days: 2,
        first_seen: '2026-09-09T10:00:00.000Z',
        last_seen: '2026-09-10T12:00:00.000Z',
      },
      {
        event_name: 'caliper_tool_use_event_used',
        source_format: 'caliper',
        events: 1,
        days: 1,
        first_seen: '2026-09-10T10:00:00.000Z',
        last_seen: '2026-09-10T10:00:00.000Z',
      },
      {
        event_name: 'quizzes.item_updated',
        source_format: 'canvas',
        events: 1,
        days: 1,
        first_seen: '2026-09-09T11:00:00.000Z',
        last_seen: '2026-09-09T11:00:00.000Z',
      },
    ]);
    const later = await run('untyped_events', { dt_from: '2026-10-01', dt_to: '2026-10-31' });
    expect(later.map((r) => [r.event_name, r.events])).toEqual([['course_pace_published', 1]]);
  },
  async invocation_costs() {
    const rows = await run('invocation_costs', costsRange);
    const records = costRecords();
    expect(rows.map((r) => r.request_id)).toEqual(['batch-1', 'batch-2']);
    for (const row of rows) {
      const record = records.find((r) => r.request_id === row.request_id);
      expect(row.total_usd).toBeCloseTo(record?.total_usd ?? Number.NaN, 15);
      expect(row.messages).toBe(record?.messages);
    }
    expect(rows[0]).toMatchObject({
      messages: 17,
      events: 17,
      rows_written: 15,
      quarantined: 2,
      failed_messages: 0,
    });
  },
  async costs_daily() {
    const rows = await run('costs_daily', costsRange);
    const records = costRecords();
    expect(rows.map((r) => r.day)).toEqual(['2026-09-15', '2026-09-16']);
    const total = rows.reduce((sum, r) => sum + (r.total_usd as number), 0);
    expect(total).toBeCloseTo(
      records.reduce((sum, r) => sum + r.total_usd, 0),
      15,
    );
    expect(rows[1]).toMatchObject({ invocations: 1, messages: 2, events: 2 });
  },
  async cost_per_million_events() {
    const [row] = await run('cost_per_million_events', costsRange);
    const records = costRecords();
    const total = records.reduce((sum, r) => sum + r.total_usd, 0);
    const events = records.reduce((sum, r) => sum + r.events, 0);
    expect(row?.events).toBe(events);
    expect(row?.usd_per_million_events).toBeCloseTo((total * 1e6) / events, 9);
  },
  async cost_by_table() {
    const rows = await run('cost_by_table', costsRange);
    const total = costRecords().reduce((sum, r) => sum + r.total_usd, 0);
    expect(rows.reduce((sum, r) => sum + (r.usd as number), 0)).toBeCloseTo(total, 15);
    expect(rows.reduce((sum, r) => sum + (r.percent as number), 0)).toBeCloseTo(100, 1);
    // 10 in batch 1 (50011 too: cost follows what was written), then the duplicate of 50004 and the Caliper event
    expect(rows.find((r) => r.table_name === 'enrollment_created')?.rows_written).toBe(12);
  },
  async maintenance_costs() {
    // On a copy of the lake, compacted on 2026-09-16: its cost records sit beside that day's ingest.
    const copy = mkdtempSync(join(tmpdir(), 'queries-compacted-'));
    cpSync(root, copy, { recursive: true });
    const compacted = await LocalLake.open(copy);
    try {
      const summary = await compactLake(
        new LocalStore(copy),
        maintenanceConfig(),
        { to: '2026-12-31' },
        testContext(Date.UTC(2026, 8, 16, 3), 'compact'),
      );
      const def = queryById('maintenance_costs');
      if (def === undefined) throw new Error('maintenance_costs');
      const { rows } = await compacted.query(
        renderQuery(def, costsRange, { mode: 'values', today: '2026-11-23' }),
      );
      const records = costRecords();
      const compaction = readdirSync(join(copy, 'costs', 'dt=2026-09-16'))
        .map(
          (f) =>
            JSON.parse(readFileSync(join(copy, 'costs', 'dt=2026-09-16', f), 'utf8')) as CostRecordJson & {
              kind: string;
            },
        )
        .filter((r) => r.kind === 'compaction');
      expect(compaction).toHaveLength(summary.partitions_compacted);
      expect(rows.map((r) => [r.day, r.events_ingested, r.partitions_compacted])).toEqual([
        ['2026-09-15', 17, 0],
        ['2026-09-16', 2, summary.partitions_compacted],
      ]);
      expect(rows[1]).toMatchObject({
        rows_compacted: summary.rows_after,
        duplicates_removed: summary.duplicates_removed,
        replay_usd: 0,
      });
      expect(rows[0]?.ingest_usd).toBeCloseTo(
        records.find((r) => r.request_id === 'batch-1')?.total_usd ?? Number.NaN,
        15,
      );
      expect(rows[1]?.compaction_usd).toBeCloseTo(
        compaction.reduce((sum, r) => sum + r.total_usd, 0),
        15,
      );
      expect(rows[1]?.total_usd).toBeCloseTo(
        (rows[1]?.ingest_usd as number) + (rows[1]?.compaction_usd as number),
        15,
      );
      expect(rows[0]?.maintenance_percent).toBe(0);
      expect(rows[0]?.ingest_usd_per_million_events).toBeCloseTo(
        ((rows[0]?.ingest_usd as number) * 1e6) / 17,
        9,
      );
    } finally {
      compacted.close();
      rmSync(copy, { recursive: true, force: true });
    }
  },
};

describe('saved queries on DuckDB over a lake the pipeline wrote', () => {
  it('has an exact-answer test for every registered query', () => {
    expect(Object.keys(checks).sort()).toEqual(QUERIES.map((q) => q.id).sort());
  });

  it.each(QUERIES.map((q) => q.id))('%s', async (id) => {
    await (checks[id] as () => Promise<void>)();
  });
});

describe('saved queries are Athena (Trino) SQL', () => {
  const parser = new TrinoSQL();
  it.each(QUERIES.map((q) => q.id))('%s parses with a Trino grammar, as run and as saved', (id) => {
    const def = queryById(id);
    if (def === undefined) throw new Error(id);
    for (const mode of [{ mode: 'values', today: '2026-11-23' }, { mode: 'athena-saved' }] as const) {
      const errors = parser.validate(renderQuery(def, {}, mode));
      expect(errors.map((e) => `${e.startLine}:${e.startColumn} ${e.message}`)).toEqual([]);
    }
  });

  it('filters on dt_from and dt_to in every query', () => {
    for (const def of QUERIES) {
      expect(def.parameters.slice(0, 2).map((p) => p.name)).toEqual(['dt_from', 'dt_to']);
      const sql = renderQuery(
        def,
        { dt_from: '2001-02-03', dt_to: '2001-02-04' },
        { mode: 'values', today: '2026-11-23' },
      );
      expect(sql).toMatch(/dt BETWEEN '2001-02-03' AND '2001-02-04'/);
    }
  });

  it('defaults to the last 30 days', () => {
    const sql = renderQuery(
      queryById('enrollment_provenance') as never,
      {},
      { mode: 'values', today: '2026-11-23' },
    );
    expect(sql).toContain("dt BETWEEN '2026-10-24' AND '2026-11-23'");
  });
});
