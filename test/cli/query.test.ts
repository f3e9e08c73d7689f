import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERIES } from '../../queries/registry.js';
import { runCliInProcess } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'cli-query-'));
const lake = join(work, 'lake');
const term = join(work, 'term.ndjson.gz');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  const generated = await runCliInProcess([
    'generate',
    '--out',
    term,
    '--events',
    '3000',
    '--seed',
    '11',
    '--json',
  ]);
  expect(generated.status).toBe(0);
  expect(JSON.parse(generated.stdout)).toMatchObject({ out: term, events: 3000, seed: 11 });
  expect((await runCliInProcess(['ingest', term, '--lake', lake, '--json'])).status).toBe(0);
});

const RANGE = ['--param', 'dt_from=2026-01-01', '--param', 'dt_to=2026-12-31'];

describe('canvas-lake queries', () => {
  it('lists the registry, as a table or JSON', async () => {
    const json = await runCliInProcess(['queries', '--json']);
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((q) => q.id)).toEqual(QUERIES.map((q) => q.id));
    const table = await runCliInProcess(['queries']);
    expect(table.stdout).toContain('enrollment_provenance');
    expect(table.stdout).toContain('dt_from, dt_to');
  });
});

describe('canvas-lake query', () => {
  it('prints exactly one JSON array with --json', async () => {
    const result = await runCliInProcess([
      'query',
      'enrollment_provenance_summary',
      '--lake',
      lake,
      ...RANGE,
      '--json',
    ]);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { created_via: string; enrollments: number }[];
    expect(Array.isArray(rows)).toBe(true);
    expect(new Set(rows.map((r) => r.created_via))).toEqual(
      new Set(['sis_import', 'api_integration', 'web_ui', 'self_enrollment', 'background_job', 'unknown']),
    );
  });

  it('prints a table by default and CSV on request', async () => {
    const table = await runCliInProcess(['query', 'enrollment_sources_daily', '--lake', lake, ...RANGE]);
    expect(table.stdout.split('\n')[0]).toMatch(/^day\s+created_via\s+enrollments$/);
    const csv = await runCliInProcess([
      'query',
      'enrollment_sources_daily',
      '--lake',
      lake,
      ...RANGE,
      '--format',
      'csv',
    ]);
    expect(csv.stdout.split('\n')[0]).toBe('day,created_via,enrollments');
    expect(csv.stdout.split('\n')[1]).toMatch(/^2026-\d\d-\d\d,[a-z_]+,\d+$/);
  });

  it('runs a .sql file with parameters', async () => {
    const file = join(work, 'mine.sql');
    writeFileSync(
      file,
      'SELECT count(*) AS n FROM asset_accessed WHERE dt BETWEEN {{dt_from}} AND {{dt_to}} AND category = {{category}}',
    );
    const result = await runCliInProcess([
      'query',
      file,
      '--lake',
      lake,
      ...RANGE,
      '--param',
      'category=modules',
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { n: number }[])[0]?.n).toBeGreaterThan(0);
  });

  it.each([
    [['query', 'no_such_query', '--lake', 'x'], /no saved query 'no_such_query'/],
    [['query', 'enrollment_provenance', '--lake', '/no/such/lake'], /no lake at \/no\/such\/lake/],
    [['query', 'enrollment_provenance', '--param', 'dt_from=yesterday'], /dt_from must be a date YYYY-MM-DD/],
    [['query', 'enrollment_provenance', '--param', 'colour=blue'], /unknown parameter colour/],
    [['query', 'enrollment_provenance', '--param', 'oops'], /--param expects name=value/],
    [['query', 'enrollment_provenance', '--format', 'xml'], /--format must be table, csv or json/],
    [['query', 'enrollment_provenance', '--athena'], /--athena needs --workgroup/],
    [
      ['query', 'enrollment_provenance', '--param', 'dt_from=2026-02-30'],
      /dt_from must be a date YYYY-MM-DD, not '2026-02-30'/,
    ],
    [
      ['query', 'enrollment_provenance', '--param', 'dt_from=2026-09-01', '--param', 'dt_to=2026-08-01'],
      /dt_from \(2026-09-01\) is after dt_to \(2026-08-01\): the range is empty/,
    ],
    [['queries', '--wat'], /Unknown option '--wat'/],
  ])('fails with a one-line error: %j', async (args, message) => {
    const result = await runCliInProcess([
      ...args,
      ...(args[0] === 'query' && !args.includes('--lake') ? ['--lake', join(work, 'no-lake')] : []),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});

describe('canvas-lake query without a range', () => {
  it('says which days it covered by default, and hints when nothing was found', async () => {
    const result = await runCliInProcess(['query', 'enrollment_provenance_summary', '--lake', lake]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^dt \d{4}-\d\d-\d\d … \d{4}-\d\d-\d\d \(the default: the last 30 days; choose with --param dt_from=YYYY-MM-DD --param dt_to=YYYY-MM-DD\)\n/,
    );
    // The synthetic term of 2026 is older than the last 30 days.
    expect(result.stdout.trim()).toBe('(no rows)');
    expect(result.stderr).toMatch(/No rows in dt .*\. Widen the range with --param dt_from=… dt_to=…/);
  });

  it('prints its help with queries --help', async () => {
    const result = await runCliInProcess(['queries', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: canvas-lake queries \[--json\]/);
  });
});

describe('canvas-lake demo (npm start)', () => {
  it('generates a term, ingests it into ./lake and prints the provenance and cost reports', async () => {
    const cwd = mkdtempSync(join(work, 'demo-'));
    // In this process, from the folder `npm start` would run in (the binary's process boundary is tested by
    // test/cli/ingest.test.ts and serve.test.ts).
    const previous = process.cwd();
    process.chdir(cwd);
    const result = await runCliInProcess(['demo', '--events', '2000']).finally(() => process.chdir(previous));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Who or what created the enrollments (enrollment_provenance_summary)');
    expect(result.stdout).toMatch(/sis_import\s+StudentEnrollment\s+\d+/);
    expect(result.stdout).toContain('Enrollments made outside SIS and configured integrations');
    expect(result.stdout).toContain('Cost by event type (cost_by_table)');
    expect(result.stdout).toMatch(/usd_per_million_events/);
    expect(readdirSync(join(cwd, 'lake')).sort()).toEqual([
      '.canvas-lake-demo',
      'costs',
      'quarantine',
      'raw',
      'tables',
    ]);
    // A second run replaces the lake the first one wrote (in this process: the boundary was proven above).
    const again = await runCliInProcess(['demo', '--events', '500', '--lake', join(cwd, 'lake')]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('500 messages →');
  });

  it('never deletes a folder it did not write', async () => {
    const dir = mkdtempSync(join(work, 'precious-'));
    writeFileSync(join(dir, 'my-data.parquet'), 'not the demo');
    mkdirSync(join(dir, 'tables'));
    const result = await runCliInProcess(['demo', '--events', '500', '--lake', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /already holds files the demo did not write \(my-data\.parquet, tables\); the demo never deletes them/,
    );
    expect(readdirSync(dir).sort()).toEqual(['my-data.parquet', 'tables']);
  });

  it('treats a lake that real data was ingested into as not its own', async () => {
    const dir = mkdtempSync(join(work, 'demo-then-ingest-'));
    expect((await runCliInProcess(['demo', '--events', '500', '--lake', dir])).status).toBe(0);
    expect((await runCliInProcess(['ingest', term, '--lake', dir, '--json'])).status).toBe(0);
    expect((await runCliInProcess(['demo', '--events', '500', '--lake', dir])).status).toBe(2);
  });
});
