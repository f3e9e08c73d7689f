import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { compactCommand } from '../../cli/compact.js';
import { main } from '../../cli/main.js';
import { replayCommand } from '../../cli/replay.js';
import { LocalStore } from '../../lambda/lake/local-store.js';
import { ingestBatch } from '../../lambda/pipeline/ingest.js';
import { enrollmentEvent, listAll } from '../support/lake.js';

/** The maintenance commands run in-process (the process boundary is tested for ingest and query). */
const work = mkdtempSync(join(tmpdir(), 'cli-maintenance-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out: () => out.join(''), err: () => err.join('') };
}

const NOW = Date.parse('2026-10-01T06:00:00Z');

async function lake(name: string): Promise<string> {
  const dir = join(work, name);
  const store = new LocalStore(dir);
  const e = (n: number, time: string) => enrollmentEvent(n, time);
  await ingestBatch(
    [e(1, '2026-09-01T01:00:00Z'), e(2, '2026-09-01T02:00:00Z')],
    store,
    { prefix: '', format: 'parquet' },
    Date.parse('2026-09-01T03:00:00Z'),
  );
  await ingestBatch(
    [e(2, '2026-09-01T02:00:00Z'), e(3, '2026-09-29T02:00:00Z')],
    store,
    { prefix: '', format: 'parquet' },
    Date.parse('2026-09-29T03:00:00Z'),
  );
  return dir;
}

describe('canvas-lake compact', () => {
  it('prints one JSON summary with --json, and compacts only closed partitions', async () => {
    const dir = await lake('compact-json');
    const io = capture();
    expect(await compactCommand(['--lake', dir, '--json'], () => NOW)).toBe(0);
    const summary = JSON.parse(io.out()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      to: '2026-09-29',
      partitions: 2,
      partitions_compacted: 2,
      files_before: 3,
      files_after: 2,
      rows_before: 4,
      rows_after: 3,
      duplicates_removed: 1,
    });
    const narrower = capture();
    expect(await compactCommand(['--lake', dir, '--json', '--grace-days', '3'], () => NOW)).toBe(0);
    expect(JSON.parse(narrower.out())).toMatchObject({
      to: '2026-09-28',
      partitions: 1,
      partitions_compacted: 0,
    });
  });

  it('prints a readable summary', async () => {
    const dir = await lake('compact-text');
    const io = capture();
    expect(
      await compactCommand(
        ['--lake', dir, '--table', 'enrollment_created', '--from', '2026-09-01', '--to', '2026-09-01'],
        () => NOW,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(/Compacted .*compact-text, dt 2026-09-01 … 2026-09-01/);
    expect(io.out()).toMatch(/duplicates removed\s+1/);
    expect(await listAll(new LocalStore(dir), 'tables/enrollment_created/dt=2026-09-29/')).toHaveLength(1);
  });

  it('rejects bad options with one line and status 2', async () => {
    const io = capture();
    expect(await main(['compact', '--lake', work, '--to', '2026-02-30'])).toBe(2);
    expect(await main(['compact', '--lake', work, '--from', '2026-03-01', '--to', '2026-02-01'])).toBe(2);
    expect(await main(['compact', '--to', '2026-02-01'])).toBe(2);
    expect(await main(['compact', '--lake', work, '--format', 'csv'])).toBe(2);
    expect(io.err().trim().split('\n')).toEqual([
      "canvas-lake compact: --to must be a date YYYY-MM-DD, not '2026-02-30'",
      'canvas-lake compact: --from 2026-03-01 is after --to 2026-02-01',
      'canvas-lake compact: missing --lake <dir>',
      "canvas-lake compact: --format must be parquet or json, not 'csv'",
    ]);
  });
});

describe('canvas-lake replay', () => {
  it('re-derives the closed raw dates and prints one JSON summary', async () => {
    const dir = await lake('replay-json');
    const io = capture();
    expect(
      await replayCommand(
        ['--lake', dir, '--json', '--integrations', '{"170000000056":"Registrar sync"}'],
        () => NOW,
      ),
    ).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({
      to: '2026-09-29',
      raw_from: '2026-09-01',
      raw_to: '2026-09-29',
      raw_dates: 2,
      messages: 4,
      rows_derived: 4,
      rows_after: 3,
      rows_outside_window: 0,
    });
    expect(await listAll(new LocalStore(dir), 'maintenance/')).toEqual([]);
  });

  it('says so when no raw date is closed yet, and rejects bad options', async () => {
    const dir = await lake('replay-open');
    const io = capture();
    await expect(replayCommand(['--lake', dir], () => Date.parse('2026-09-02T06:00:00Z'))).rejects.toThrow(
      /^no closed raw dates between 2026-09-01 and 2026-08-31/,
    );
    expect(await main(['replay', '--lake', dir, '--to', '2099-12-01'])).toBe(2);
    expect(await main(['replay', '--lake', dir, '--integrations', '{"abc": 1}'])).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines[0]).toMatch(/^canvas-lake replay: --to 2099-12-01 is not closed yet/);
    expect(lines[1]).toBe('canvas-lake replay: --integrations must map developer key ids (digits) to names');
  });
});
