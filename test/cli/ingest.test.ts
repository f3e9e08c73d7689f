import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type IngestSummary, ingestFiles } from '../../cli/ingest.js';
import { examplesOf } from '../support/catalog.js';
import { runCli, runCliInProcess } from '../support/cli.js';
import { duck, sqlPath } from '../support/duckdb.js';

const work = mkdtempSync(join(tmpdir(), 'cli-ingest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const canvas = examplesOf('canvas').map((e) => e.payload);
const caliper = examplesOf('caliper').map((e) => e.payload);
const lines = (payloads: unknown[]) => `${payloads.map((p) => JSON.stringify(p)).join('\n')}\n`;

function inputs(name: string) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'one.json'), JSON.stringify(canvas[0]));
  writeFileSync(join(dir, 'array.json'), JSON.stringify(canvas.slice(1, 11)));
  writeFileSync(join(dir, 'nested', 'lines.ndjson'), `${lines(canvas.slice(11, 21))}\nnot json\n`);
  writeFileSync(join(dir, 'nested', 'deeper', 'more.jsonl.gz'), gzipSync(lines(caliper)));
  writeFileSync(join(dir, 'nested', 'array.json.gz'), gzipSync(JSON.stringify(canvas.slice(21, 31))));
  writeFileSync(join(dir, 'README.txt'), 'not an event file');
  return dir;
}

/** Every message is a row, a duplicate, a quarantine record or a listed failure. */
function assertConserved(s: IngestSummary) {
  expect(s.events).toBe(s.rows + s.duplicates + s.quarantined + s.failed_events);
  expect(Object.values(s.tables).reduce((a, b) => a + b, 0)).toBe(s.rows);
  expect(s.failures.length).toBe(Math.min(s.failed_messages, 100));
}

describe('canvas-lake ingest', () => {
  it('reads files and folders recursively, in every supported form, through the pipeline', async () => {
    const dir = inputs('forms');
    const lake = join(work, 'lake-forms');
    const summary = await ingestFiles({ paths: [dir], lake, format: 'parquet', batchSize: 7 });
    expect(summary).toMatchObject({ messages: 55, events: 55, quarantined: 1, rows: 54, duplicates: 0 });
    expect(summary.skipped).toEqual([
      { path: 'README.txt', reason: expect.stringContaining('not an event file') },
    ]);
    assertConserved(summary);
    expect(readdirSync(lake).sort()).toEqual(['costs', 'quarantine', 'raw', 'tables']);
    const costs = await duck(
      `SELECT count(*) AS invocations, sum(messages) AS messages FROM read_json(${sqlPath(`${lake}/costs/*/*.json`)})`,
    );
    expect(costs).toEqual([{ invocations: 8n, messages: 55n }]);
  });

  it('accounts for duplicate deliveries within a batch', async () => {
    const file = join(work, 'dups.ndjson');
    writeFileSync(file, lines([canvas[0], canvas[1], canvas[0], canvas[0]]));
    const summary = await ingestFiles({
      paths: [file],
      lake: join(work, 'lake-dups'),
      format: 'json',
      batchSize: 10,
    });
    expect(summary).toMatchObject({
      messages: 4,
      events: 4,
      rows: 2,
      duplicates: 2,
      quarantined: 0,
      failed_events: 0,
    });
    assertConserved(summary);
  });

  it('prints exactly one JSON object with --json', async () => {
    const result = await runCliInProcess([
      'ingest',
      inputs('json-out'),
      '--lake',
      join(work, 'lake-json'),
      '--json',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as IngestSummary;
    expect(Object.keys(parsed)).toEqual([
      'messages',
      'events',
      'rows',
      'duplicates',
      'quarantined',
      'failed_messages',
      'failed_events',
      'failures',
      'input_errors',
      'skipped',
      'tables',
    ]);
    expect(parsed).toMatchObject({ messages: 55, events: 55, rows: 54, quarantined: 1 });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
    expect(readdirSync(join(work, 'lake-json', 'tables', 'enrollment_created'))[0]).toMatch(/^dt=/);
  });

  it('prints a readable summary that explains every message', async () => {
    const result = await runCliInProcess(['ingest', inputs('human'), '--lake', join(work, 'lake-human')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '55 events → 54 rows, 0 duplicates (same event_id within a batch), 1 quarantined, 0 failed (0 messages).',
    );
    expect(result.stdout).toMatch(/asset_accessed\s+28/);
    expect(result.stdout).toMatch(/Not read:\n {2}README\.txt: not an event file/);
  });

  it('ingests what a truncated .gz holds, reports the file, and exits 1', async () => {
    const dir = join(work, 'truncated');
    mkdirSync(dir);
    const whole = gzipSync(lines(canvas.slice(0, 40)));
    writeFileSync(join(dir, 'a-broken.ndjson.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    writeFileSync(join(dir, 'b-fine.ndjson'), lines(canvas.slice(40, 45)));
    const result = await runCliInProcess(['ingest', dir, '--lake', join(work, 'lake-truncated'), '--json']);
    expect(result.status).toBe(1);
    const summary = JSON.parse(result.stdout) as IngestSummary;
    expect(summary.input_errors).toEqual([
      {
        path: 'a-broken.ndjson.gz',
        reason: expect.stringMatching(/^gzip failed after line \d+: unexpected end of file/),
      },
    ]);
    // The lines before the break and the whole second file were ingested.
    expect(summary.messages).toBeGreaterThan(5);
    expect(summary.messages).toBeLessThan(45);
    assertConserved(summary);
  });

  it('follows symbolic links to files and folders, and reports broken links and loops', async () => {
    const dir = join(work, 'links');
    mkdirSync(join(dir, 'real'), { recursive: true });
    writeFileSync(join(dir, 'real', 'events.ndjson'), lines(canvas.slice(0, 3)));
    const elsewhere = join(work, 'elsewhere.ndjson');
    writeFileSync(elsewhere, lines(canvas.slice(3, 5)));
    symlinkSync(elsewhere, join(dir, 'linked-file.ndjson'));
    symlinkSync(join(work, 'missing.ndjson'), join(dir, 'broken.ndjson'));
    symlinkSync(dir, join(dir, 'real', 'loop'));
    const summary = await ingestFiles({
      paths: [dir],
      lake: join(work, 'lake-links'),
      format: 'json',
      batchSize: 100,
    });
    expect(summary.messages).toBe(5);
    expect(summary.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['broken.ndjson', 'a broken symbolic link'],
      ['real/loop', 'a symbolic link to a folder already read (loop or repeat)'],
    ]);
  });

  it('quarantines a line that is not UTF-8 with its invalid bytes, instead of silently replacing them', async () => {
    const file = join(work, 'latin1.ndjson');
    const good = Buffer.from(JSON.stringify(canvas[0]));
    const bad = Buffer.concat([
      Buffer.from('{"metadata":{"event_name":"x","event_time":"2026-01-01T00:00:00Z"},"body":{"name":"Jos'),
      Buffer.from([0xe9]),
      Buffer.from('"}}'),
    ]);
    writeFileSync(file, Buffer.concat([good, Buffer.from('\n'), bad, Buffer.from('\n')]));
    const lake = join(work, 'lake-utf8');
    const summary = await ingestFiles({ paths: [file], lake, format: 'json', batchSize: 10 });
    expect(summary).toMatchObject({ messages: 2, rows: 1, quarantined: 1 });
    const records = await duck(
      `SELECT reason, details FROM read_json(${sqlPath(`${lake}/quarantine/*/*.gz`)})`,
    );
    expect(records).toEqual([
      {
        reason: 'invalid_utf8',
        details: `not valid UTF-8: byte e9 at byte ${bad.indexOf(0xe9)}; each was replaced by U+FFFD in the original`,
      },
    ]);
  });

  it('reads a .json array that starts with a byte-order mark as its elements', async () => {
    const file = join(work, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(canvas.slice(0, 3))}`);
    const summary = await ingestFiles({
      paths: [file],
      lake: join(work, 'lake-bom'),
      format: 'json',
      batchSize: 10,
    });
    expect(summary).toMatchObject({ messages: 3, rows: 3, quarantined: 0 });
  });

  it('reports messages whose write failed, with file and line, and exits 1', async () => {
    const lake = join(work, 'lake-failing');
    // A file where the asset_accessed table folder should be: every write under it fails.
    mkdirSync(join(lake, 'tables'), { recursive: true });
    writeFileSync(join(lake, 'tables', 'asset_accessed'), 'in the way');
    const file = join(work, 'failing.ndjson');
    const assets = canvas
      .filter((p) => JSON.stringify(p).includes('"event_name":"asset_accessed"'))
      .slice(0, 2);
    writeFileSync(file, lines([canvas[0], ...assets]));
    const result = await runCliInProcess(['ingest', file, '--lake', lake]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Failed messages (2; run again to retry them):');
    expect(result.stdout).toMatch(
      /failing\.ndjson:2: table file tables\/asset_accessed\/dt=.*: Error: (ENOTDIR|EEXIST)/,
    );
  });

  it('streams a large NDJSON file through small batches', async () => {
    const file = join(work, 'large.ndjson.gz');
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...(canvas[0] as object),
      body: { ...(canvas[0] as { body: object }).body, user_id: String(i) },
    }));
    writeFileSync(file, gzipSync(lines(many)));
    const read: number[] = [];
    const summary = await ingestFiles({
      paths: [file],
      lake: join(work, 'lake-large'),
      format: 'json',
      batchSize: 500,
      progress: {
        start: (total) => read.push(-total),
        bytes: (n) => read.push(n),
        messages: () => undefined,
      },
    });
    expect(summary).toMatchObject({ messages: 3000, rows: 3000 });
    // Progress arrives per chunk read from disk and adds up to the file's size.
    const [total, ...chunks] = read;
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(-(total as number));
    expect(readFileSync(file).length).toBe(-(total as number));
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
  ])('fails with a one-line error: %j', async (args, message) => {
    const result = await runCliInProcess(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('exits with the code the summary implies, across the process boundary', () => {
    const file = join(work, 'corrupt.ndjson.gz');
    writeFileSync(file, 'this is not gzip');
    const result = runCli(['ingest', file, '--lake', join(work, 'lake-corrupt'), '--json']);
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as IngestSummary).input_errors[0]?.reason).toMatch(
      /incorrect header check/,
    );
  });
});
