import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent } from 'aws-lambda';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IngestSummary } from '../cli/ingest.js';
import { loadConfig } from '../lambda/config.js';
import { decodeMessage } from '../lambda/contract/decode.js';
import { utcDate } from '../lambda/contract/time.js';
import { createHandler } from '../lambda/ingest-handler.js';
import { RoutedSink } from '../lambda/lake/routed-sink.js';
import { type BadInputCase, badInputCorpus } from './support/bad-input.js';
import { runCliInProcess } from './support/cli.js';
import { MemorySink } from './support/sinks.js';

const { secrets, cases } = badInputCorpus();
const INGESTED_AT = Date.UTC(2026, 10, 23, 12);
const work = mkdtempSync(join(tmpdir(), 'bad-input-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every value of a lake file as text: gzip NDJSON decompressed, Parquet read back row by row. */
async function textOf(key: string, bytes: Uint8Array): Promise<string> {
  if (key.endsWith('.gz')) return gunzipSync(bytes).toString('utf8');
  if (key.endsWith('.parquet')) {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = await parquetReadObjects({ file });
    return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The secrets found in each lake file, by key. */
async function secretsIn(files: Iterable<[string, Uint8Array]>): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const [key, bytes] of files) {
    const text = await textOf(key, bytes);
    const hits = secrets.filter((s) => text.includes(s));
    if (hits.length > 0) found.set(key, hits);
  }
  return found;
}

const expectedRows = (list: readonly BadInputCase[]) =>
  list.reduce((n, c) => n + (c.expect.outcome === 'quarantine' ? 0 : (c.expect.rows ?? 1)), 0);
const expectedQuarantined = (list: readonly BadInputCase[]) =>
  list.reduce(
    (n, c) =>
      n +
      (c.expect.outcome === 'row' ? 0 : c.expect.outcome === 'mixed' ? (c.expect.reasons?.length ?? 0) : 1),
    0,
  );
const expectedDuplicates = (list: readonly BadInputCase[]) =>
  list.reduce((n, c) => n + (c.expect.duplicates ?? 0), 0);

describe('the bad-input corpus (test/fixtures/bad-input)', () => {
  it('has at least 40 cases, each with a distinct id', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  describe.each(cases.filter((c) => c.cli !== 'only').map((c) => [c.id, c] as const))('%s', (_id, c) => {
    it('ends as the rows or quarantine records it should, never as an exception', () => {
      const result = decodeMessage(Buffer.from(c.bytes).toString('utf8'), undefined, {
        ingestedAt: INGESTED_AT,
      });
      const e = c.expect;
      if (e.outcome === 'quarantine') {
        expect(result.rows).toEqual([]);
        expect(result.quarantined.map((q) => q.reason)).toEqual([e.reason]);
      } else {
        expect(result.rows.length).toBe((e.rows ?? 1) + (e.duplicates ?? 0));
        expect(new Set(result.rows.map((r) => r.table))).toEqual(new Set([e.table ?? result.rows[0]?.table]));
        expect(result.quarantined.map((q) => q.reason)).toEqual(e.reasons ?? []);
        const issues = JSON.parse(String(result.rows[0]?.row.validation_issues ?? '{}')) as Record<
          string,
          unknown
        >;
        for (const key of e.issues ?? []) expect(Object.keys(issues)).toContain(key);
        if (e.dt === 'ingest') expect(result.rows[0]?.dt).toBe(utcDate(INGESTED_AT));
      }
      if (e.secret !== undefined) expect(JSON.stringify(result)).not.toContain(e.secret);
    });
  });

  it('leaves Object.prototype untouched', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the corpus through the Lambda handler', () => {
  const lake = new MemorySink();
  const restricted = new MemorySink();
  const sqs = cases.filter((c) => c.cli !== 'only');
  let failures: { itemIdentifier: string }[] = [];

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, 'write').mockImplementation(() => true);
    const handler = createHandler({
      config: loadConfig({ LAKE_BUCKET: 'lake', RESTRICTED_BUCKET: 'restricted' }),
      sink: new RoutedSink('', lake, restricted),
      logger: new Logger({ serviceName: 'test' }),
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
      now: () => INGESTED_AT,
    });
    const event = {
      Records: sqs.map((c) => ({
        messageId: c.id,
        receiptHandle: c.id,
        body: Buffer.from(c.bytes).toString('utf8'),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(INGESTED_AT) },
        messageAttributes: {},
      })),
    } as unknown as SQSEvent;
    const context = {
      awsRequestId: 'bad-input',
      functionName: 'f',
      memoryLimitInMB: '1024',
    } as unknown as Context;
    failures = (await handler(event, context)).batchItemFailures;
    vi.restoreAllMocks();
  });

  it('accounts for every message: rows, duplicates and quarantine records, none failed', async () => {
    expect(failures).toEqual([]);
    const rows = (
      await Promise.all(
        lake
          .keys('tables/')
          .map(async (k) => JSON.parse(await textOf(k, lake.objects.get(k) as Uint8Array)) as unknown[]),
      )
    ).reduce((n, r) => n + r.length, 0);
    expect(rows).toBe(expectedRows(sqs));
    const quarantine = restricted
      .keys('quarantine/')
      .map((k) => textOf(k, restricted.objects.get(k) as Uint8Array));
    const records = (await Promise.all(quarantine)).join('').trim().split('\n');
    expect(records).toHaveLength(expectedQuarantined(sqs));
    const raw = (
      await Promise.all(
        restricted.keys('raw/').map((k) => textOf(k, restricted.objects.get(k) as Uint8Array)),
      )
    )
      .join('')
      .trim()
      .split('\n');
    expect(raw).toHaveLength(sqs.length);
  });

  it("writes no secret to the analysts' bucket, nor to quarantine; only the raw archive keeps them", async () => {
    expect(await secretsIn(lake.objects)).toEqual(new Map());
    expect(await secretsIn([...restricted.objects].filter(([k]) => k.startsWith('quarantine/')))).toEqual(
      new Map(),
    );
    const inRaw = new Set([...(await secretsIn(restricted.objects)).values()].flat());
    expect([...inRaw].sort()).toEqual([...secrets].sort());
  });
});

describe('the corpus through canvas-lake ingest', () => {
  const lake = join(work, 'lake');
  const lines = cases.filter((c) => c.cli !== 'skipped');
  let status = -1;
  let summary: IngestSummary;

  beforeAll(async () => {
    const file = join(work, 'corpus.ndjson');
    writeFileSync(file, Buffer.concat(lines.flatMap((c) => [Buffer.from(c.bytes), Buffer.from('\n')])));
    const result = await runCliInProcess(['ingest', file, '--lake', lake, '--json']);
    status = result.status;
    summary = JSON.parse(result.stdout) as IngestSummary;
  });

  it('exits 0 and accounts for every message', () => {
    expect(status).toBe(0);
    expect(summary.messages).toBe(lines.length);
    expect(summary.failed_messages).toBe(0);
    expect(summary.rows).toBe(expectedRows(lines));
    expect(summary.duplicates).toBe(expectedDuplicates(lines));
    expect(summary.quarantined).toBe(expectedQuarantined(lines));
    expect(summary.events).toBe(
      summary.rows + summary.duplicates + summary.quarantined + summary.failed_events,
    );
  });

  it('writes no secret to any lake file but the raw archive', async () => {
    const files: [string, Uint8Array][] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push([relative(lake, path), readFileSync(path)]);
      }
    };
    walk(lake);
    const found = await secretsIn(files);
    expect([...found.keys()].filter((k) => !k.startsWith('raw/'))).toEqual([]);
    expect([...found.keys()].some((k) => k.startsWith('raw/'))).toBe(true);
  });
});
