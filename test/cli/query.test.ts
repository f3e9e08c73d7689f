import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERIES } from '../../queries/registry.js';
import { runCli } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'cli-query-'));
const lake = join(work, 'lake');
const term = join(work, 'term.ndjson.gz');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  const generated = runCli(['generate', '--out', term, '--events', '3000', '--seed', '11', '--json']);
  expect(generated.status).toBe(0);
  expect(JSON.parse(generated.stdout)).toMatchObject({ out: term, events: 3000, seed: 11 });
  expect(runCli(['ingest', term, '--lake', lake, '--json']).status).toBe(0);
});

const RANGE = ['--param', 'dt_from=2026-01-01', '--param', 'dt_to=2026-12-31'];

describe('canvas-lake queries', () => {
  it('lists the registry, as a table or JSON', () => {
    const json = runCli(['queries', '--json']);
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((q) => q.id)).toEqual(QUERIES.map((q) => q.id));
    const table = runCli(['queries']);
    expect(table.stdout).toContain('enrollment_provenance');
    expect(table.stdout).toContain('dt_from, dt_to');
  });
});

describe('canvas-lake query', () => {
  it('prints exactly one JSON array with --json', () => {
    const result = runCli(['query', 'enrollment_provenance_summary', '--lake', lake, ...RANGE, '--json']);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { created_via: string; enrollments: number }[];
    expect(Array.isArray(rows)).toBe(true);
    expect(new Set(rows.map((r) => r.created_via))).toEqual(
      new Set(['sis_import', 'api_integration', 'web_ui', 'self_enrollment', 'background_job', 'unknown']),
    );
  });

  it('prints a table by default and CSV on request', () => {
    const table = runCli(['query', 'enrollment_sources_daily', '--lake', lake, ...RANGE]);
    expect(table.stdout.split('\n')[0]).toMatch(/^day\s+created_via\s+enrollments$/);
    const csv = runCli(['query', 'enrollment_sources_daily', '--lake', lake, ...RANGE, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('day,created_via,enrollments');
    expect(csv.stdout.split('\n')[1]).toMatch(/^2026-\d\d-\d\d,[a-z_]+,\d+$/);
  });

  it('runs a .sql file with parameters', () => {
    const file = join(work, 'mine.sql');
    writeFileSync(
      file,
      'SELECT count(*) AS n FROM asset_accessed WHERE dt BETWEEN {{dt_from}} AND {{dt_to}} AND category = {{category}}',
    );
    const result = runCli(['query', file, '--lake', lake, ...RANGE, '--param', 'category=modules', '--json']);
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
  ])('fails with a one-line error: %j', (args, message) => {
    const result = runCli(args, { cwd: work });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});

describe('canvas-lake demo (npm start)', () => {
  it('generates a term, ingests it into ./lake and prints the provenance and cost reports', () => {
    const cwd = mkdtempSync(join(work, 'demo-'));
    const result = runCli(['demo', '--events', '2000'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Who or what created the enrollments (enrollment_provenance_summary)');
    expect(result.stdout).toMatch(/sis_import\s+StudentEnrollment\s+\d+/);
    expect(result.stdout).toContain('Enrollments made outside SIS and configured integrations');
    expect(result.stdout).toContain('Cost by event type (cost_by_table)');
    expect(result.stdout).toMatch(/usd_per_million_events/);
    expect(readdirSync(join(cwd, 'lake')).sort()).toEqual(['costs', 'quarantine', 'raw', 'tables']);
  });
});
