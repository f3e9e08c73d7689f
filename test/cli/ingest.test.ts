import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../cli/ingest.js';
import { examplesOf } from '../support/catalog.js';
import { runCli } from '../support/cli.js';
import { duck, sqlPath } from '../support/duckdb.js';

const work = mkdtempSync(join(tmpdir(), 'cli-ingest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const canvas = examplesOf('canvas').map((e) => e.payload);
const caliper = examplesOf('caliper').map((e) => e.payload);

function inputs(name: string) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'one.json'), JSON.stringify(canvas[0]));
  writeFileSync(join(dir, 'array.json'), JSON.stringify(canvas.slice(1, 11)));
  writeFileSync(
    join(dir, 'nested', 'lines.ndjson'),
    `${canvas
      .slice(11, 21)
      .map((p) => JSON.stringify(p))
      .join('\n')}\n\nnot json\n`,
  );
  writeFileSync(
    join(dir, 'nested', 'deeper', 'more.jsonl.gz'),
    gzipSync(caliper.map((p) => JSON.stringify(p)).join('\n')),
  );
  writeFileSync(join(dir, 'nested', 'array.json.gz'), gzipSync(JSON.stringify(canvas.slice(21, 31))));
  writeFileSync(join(dir, 'README.txt'), 'ignored: not an event file');
  return dir;
}

describe('canvas-lake ingest', () => {
  it('reads files and folders recursively, in every supported form, through the pipeline', async () => {
    const dir = inputs('forms');
    const lake = join(work, 'lake-forms');
    const summary = await ingestFiles({ paths: [dir], lake, format: 'parquet', batchSize: 7 });
    expect(summary).toMatchObject({ messages: 1 + 10 + 11 + 23 + 10, events: 55, quarantined: 1, rows: 54 });
    expect(Object.values(summary.tables).reduce((a, b) => a + b, 0)).toBe(54);
    expect(readdirSync(lake).sort()).toEqual(['costs', 'quarantine', 'raw', 'tables']);
    const costs = await duck(
      `SELECT count(*) AS invocations, sum(messages) AS messages FROM read_json(${sqlPath(`${lake}/costs/*/*.json`)})`,
    );
    expect(costs).toEqual([{ invocations: 8n, messages: 55n }]);
  });

  it('prints exactly one JSON object with --json', () => {
    const dir = inputs('json-out');
    const result = runCli(['ingest', dir, '--lake', join(work, 'lake-json'), '--json', '--format', 'json']);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['messages', 'events', 'rows', 'quarantined', 'tables']);
    expect(parsed).toMatchObject({ messages: 55, events: 55, rows: 54, quarantined: 1 });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(join(work, 'lake-json', 'tables', 'enrollment_created'))[0]).toMatch(/^dt=/);
  });

  it('prints a readable summary without --json', () => {
    const result = runCli(['ingest', inputs('human'), '--lake', join(work, 'lake-human')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Ingested 55 messages: 55 events, 54 rows, 1 quarantined');
    expect(result.stdout).toMatch(/asset_accessed\s+28/);
  });

  it.each([
    [['ingest', '/no/such/path', '--lake', 'x'], /no such file or folder: \/no\/such\/path/],
    [['ingest', 'x'], /missing --lake/],
    [['ingest', '.', '--lake', 'x', '--format', 'csv'], /--format must be parquet or json/],
    [
      ['ingest', '.', '--lake', 'x', '--batch-size', '20000'],
      /--batch-size must be an integer from 1 to 10000/,
    ],
    [['ingest', '.', '--lake', 'x', '--wat'], /Unknown option '--wat'/],
    [['ingest', 'README.md', '--lake', 'x'], /unsupported file type: README.md/],
  ])('fails with a one-line error: %j', (args, message) => {
    const result = runCli(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('fails with a one-line error on an unreadable file', () => {
    const file = join(work, 'corrupt.ndjson.gz');
    writeFileSync(file, 'this is not gzip');
    const result = runCli(['ingest', file, '--lake', join(work, 'lake-corrupt')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot read .*corrupt\.ndjson\.gz: incorrect header check/);
  });
});
