import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, eventTableSpec } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { lakeFormat } from '../../lambda/lake/formats/index.js';
import type { LocalStore } from '../../lambda/lake/local-store.js';
import { MaintenanceStore } from '../../lambda/lake/store.js';
import { compactLake, planCompaction } from '../../lambda/maintenance/compact.js';
import { isCompacted, parseCompactedName, specFingerprint } from '../../lambda/maintenance/layout.js';
import { rewritePartition, SpecMismatchError } from '../../lambda/maintenance/rewrite.js';
import { ingestBatch } from '../../lambda/pipeline/ingest.js';
import { duck, sqlPath } from '../support/duckdb.js';
import {
  distinctEvents,
  enrollmentEvent,
  listAll,
  maintenanceConfig,
  readTables,
  temporaryLakes,
  testContext,
} from '../support/lake.js';

const freshLake = temporaryLakes('compact');

const DAY1 = '2026-09-01';
const DAY2 = '2026-09-02';
const at = (day: string, hh: number) => `${day}T${String(hh).padStart(2, '0')}:00:00Z`;
const ingestAt = (day: string, hh: number) => Date.parse(at(day, hh));
const NOW = Date.parse('2026-09-10T12:00:00Z');
const config = maintenanceConfig();

/** Three batches: overlapping duplicate deliveries, two days, and one late event for DAY1 in the last batch. */
async function threeBatches(store: LocalStore) {
  const e = (n: number, day: string, hh: number) => enrollmentEvent(n, at(day, hh));
  await ingestBatch(
    [e(1, DAY1, 9), e(2, DAY1, 8), e(3, DAY2, 1)],
    store,
    { prefix: '', format: 'parquet' },
    ingestAt(DAY2, 2),
  );
  await ingestBatch(
    [e(2, DAY1, 8), e(3, DAY2, 1), e(4, DAY2, 3)],
    store,
    { prefix: '', format: 'parquet' },
    ingestAt(DAY2, 4),
  );
  await ingestBatch(
    [e(5, DAY1, 7), e(1, DAY1, 9)],
    store,
    { prefix: '', format: 'parquet' },
    ingestAt(DAY2, 9),
  );
}

describe('compaction', () => {
  it('writes one sorted, deduplicated file per partition, keeping the earliest delivery, and verifies before deleting', async () => {
    const store = freshLake();
    await threeBatches(store);
    const before = await readTables(store);
    expect(before.get(`enrollment_created/${DAY1}`)).toHaveLength(5);

    const summary = await compactLake(store, config, {}, testContext(NOW));
    expect(summary).toMatchObject({
      to: '2026-09-08',
      partitions: 2,
      partitions_compacted: 2,
      files_before: 5,
      files_after: 2,
      rows_before: 8,
      rows_after: 5,
      duplicates_removed: 3,
    });
    const after = await readTables(store);
    expect(distinctEvents(after)).toEqual(distinctEvents(before));
    const day1 = after.get(`enrollment_created/${DAY1}`) ?? [];
    expect(day1.map((r) => r.eventTime)).toEqual([ingestAt(DAY1, 7), ingestAt(DAY1, 8), ingestAt(DAY1, 9)]);
    // Event 1 came in the first and third batch: the first delivery is kept.
    const first =
      before.get(`enrollment_created/${DAY1}`)?.filter((r) => r.eventTime === ingestAt(DAY1, 9)) ?? [];
    expect(day1.find((r) => r.eventTime === ingestAt(DAY1, 9))?.ingestedAt).toBe(
      Math.min(...first.map((r) => r.ingestedAt)),
    );
    const files = (await listAll(store, 'tables/')).map((o) => o.key);
    expect(files).toHaveLength(2);
    for (const key of files)
      expect(parseCompactedName(key)).toMatchObject({
        part: 1,
        parts: 1,
        fingerprint: specFingerprint(eventTableSpec('enrollment_created').columns),
      });
    // The raw archive and quarantine are never touched.
    expect((await listAll(store, 'raw/')).length).toBe(3);
  });

  it('rewrites nothing and PUTs nothing over a compacted partition: the listing alone decides', async () => {
    const store = freshLake();
    await threeBatches(store);
    await compactLake(store, config, {}, testContext(NOW));
    const counting = new MaintenanceStore(store);
    const summary = await compactLake(counting, config, {}, testContext(NOW));
    expect(summary).toMatchObject({
      partitions: 2,
      partitions_compacted: 0,
      partitions_already_compacted: 2,
      s3_puts: 0,
      s3_gets: 0,
      s3_deletes: 0,
    });
    expect(counting.counts).toMatchObject({ puts: 0, gets: 0, deletes: 0 });
  });

  it('folds events that arrive after compaction into the next run', async () => {
    const store = freshLake();
    await threeBatches(store);
    await compactLake(store, config, {}, testContext(NOW));
    await ingestBatch(
      [enrollmentEvent(6, at(DAY1, 23)), enrollmentEvent(2, at(DAY1, 8))],
      store,
      { prefix: '', format: 'parquet' },
      ingestAt('2026-09-09', 1),
    );
    const summary = await compactLake(store, config, {}, testContext(NOW));
    expect(summary).toMatchObject({
      partitions_compacted: 1,
      partitions_already_compacted: 1,
      rows_before: 5,
      rows_after: 4,
      duplicates_removed: 1,
    });
    const day1 = (await readTables(store)).get(`enrollment_created/${DAY1}`) ?? [];
    expect(day1.map((r) => r.eventTime)).toEqual([7, 8, 9, 23].map((h) => ingestAt(DAY1, h)));
    expect(await listAll(store, `tables/enrollment_created/dt=${DAY1}/`)).toHaveLength(1);
  });

  it('leaves partitions inside the grace period alone unless --to says otherwise', async () => {
    const store = freshLake();
    await threeBatches(store);
    const near = Date.parse('2026-09-03T12:00:00Z'); // closed through 2026-09-01
    const summary = await compactLake(store, config, {}, testContext(near));
    expect(summary).toMatchObject({ to: DAY1, partitions: 1, partitions_compacted: 1 });
    expect(await listAll(store, `tables/enrollment_created/dt=${DAY2}/`)).toHaveLength(2);
    const explicit = await compactLake(store, config, { to: DAY2 }, testContext(near));
    expect(explicit).toMatchObject({ to: DAY2, partitions: 2, partitions_compacted: 1 });
  });

  it('splits a partition past the target size into globally sorted parts, and re-runs as a no-op', async () => {
    const store = freshLake();
    const events = Array.from({ length: 60 }, (_, i) =>
      enrollmentEvent(
        100 + i,
        `${DAY1}T${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z`,
      ),
    );
    for (let b = 0; b < 6; b++)
      await ingestBatch(
        events.slice(b * 10, b * 10 + 10),
        store,
        { prefix: '', format: 'parquet' },
        ingestAt(DAY2, b),
      );
    const small = maintenanceConfig({ targetFileBytes: 20_000, cacheBytes: 0 });
    const summary = await compactLake(store, small, {}, testContext(NOW));
    expect(summary.files_after).toBeGreaterThan(1);
    const keys = (await listAll(store, 'tables/')).map((o) => o.key);
    expect(
      isCompacted(
        await listAll(store, 'tables/'),
        specFingerprint(eventTableSpec('enrollment_created').columns),
        lakeFormat('parquet'),
      ),
    ).toBe(true);
    const parts = keys.map((k) => parseCompactedName(k)).sort((a, b) => (a?.part ?? 0) - (b?.part ?? 0));
    let last = -Infinity;
    for (const part of parts) {
      const key = keys.find((k) => parseCompactedName(k)?.part === part?.part) as string;
      const read = await lakeFormat('parquet').read(await store.get(key), [
        eventTableSpec('enrollment_created').columns[2] as ColumnSpec,
      ]);
      for (const [time] of read.rows) {
        expect(time as number).toBeGreaterThanOrEqual(last);
        last = time as number;
      }
    }
    expect(distinctEvents(await readTables(store)).size).toBe(60);
    const again = await compactLake(new MaintenanceStore(store), small, {}, testContext(NOW));
    expect(again).toMatchObject({ partitions_compacted: 0, s3_puts: 0 });
  });

  it('writes a file row group by row group, which DuckDB reads back whole and in order (Parquet and gzip NDJSON)', async () => {
    for (const format of ['parquet', 'json'] as const) {
      const store = freshLake();
      const events = Array.from({ length: 2500 }, (_, i) =>
        enrollmentEvent(1000 + i, new Date(Date.parse(`${DAY1}T00:00:00Z`) + i * 30_000).toISOString()),
      );
      for (let b = 0; b < 5; b++) {
        await ingestBatch(
          events.slice(b * 500, b * 500 + 500).reverse(),
          store,
          { prefix: '', format },
          ingestAt(DAY2, b),
        );
      }
      // Row groups of 1,000 rows (the smallest a rewrite writes): three in one file.
      await compactLake(store, maintenanceConfig({ format, rowGroupBytes: 1 }), {}, testContext(NOW));
      const [file] = await listAll(store, 'tables/');
      const path = store.locate(file?.key as string);
      if (format === 'parquet') {
        const metadata = parquetMetadata(readFileSync(path).buffer as ArrayBuffer);
        expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 1000, 500]);
      } else {
        expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      }
      const reader =
        format === 'parquet'
          ? `read_parquet(${sqlPath(path)})`
          : `read_json(${sqlPath(path)}, format = 'newline_delimited', columns = {event_id: 'VARCHAR', event_time: 'TIMESTAMP'})`;
      const [stats] = await duck(
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids, bool_and(ordered) AS sorted FROM (SELECT event_id, event_time >= lag(event_time, 1, event_time) OVER () AS ordered FROM ${reader})`,
      );
      expect(stats).toEqual({ n: 2500n, ids: 2500n, sorted: true });
    }
  });

  it('fills columns added since an old file was written with null, and refuses to drop a column the spec lacks', async () => {
    const store = freshLake();
    const spec = eventTableSpec('enrollment_created').columns;
    const [row] = decodeMessage(enrollmentEvent(1, at(DAY1, 5)).body, undefined, {
      ingestedAt: ingestAt(DAY1, 6),
    }).rows;
    const oldColumns = spec.filter((c) => c.name !== 'integration_name');
    const oldValues = spec
      .map((c, i) => [c, row?.values[i]] as const)
      .filter(([c]) => c.name !== 'integration_name')
      .map(([, v]) => v ?? null);
    await store.put(
      `tables/enrollment_created/dt=${DAY1}/old.parquet`,
      await lakeFormat('parquet').encode(oldColumns, [oldValues]),
      '',
    );
    await compactLake(store, config, {}, testContext(NOW));
    const [compacted] = (await readTables(store)).get(`enrollment_created/${DAY1}`) ?? [];
    const integration = spec.findIndex((c) => c.name === 'integration_name');
    expect(compacted?.values[integration]).toBeNull();
    expect(compacted?.values.filter((_, i) => i !== integration)).toEqual(oldValues);

    const extra: ColumnSpec = { name: 'dropped_since', type: 'string', nullable: true, description: '' };
    const withExtra = await lakeFormat('parquet').encode([...spec, extra], [[...(row?.values ?? []), 'x']]);
    await store.put(`tables/enrollment_created/dt=${DAY2}/newer.parquet`, withExtra, '');
    await expect(
      rewritePartition(new MaintenanceStore(store), { table: 'enrollment_created', dt: DAY2 }, config),
    ).rejects.toThrow(SpecMismatchError);
    expect(await listAll(store, `tables/enrollment_created/dt=${DAY2}/`)).toHaveLength(1);
  });

  it('compacts gzip NDJSON lakes, and converts a partition to the configured format', async () => {
    const store = freshLake();
    await ingestBatch(
      [enrollmentEvent(1, at(DAY1, 1))],
      store,
      { prefix: '', format: 'json' },
      ingestAt(DAY1, 2),
    );
    await ingestBatch(
      [enrollmentEvent(2, at(DAY1, 3))],
      store,
      { prefix: '', format: 'parquet' },
      ingestAt(DAY1, 4),
    );
    await compactLake(store, maintenanceConfig({ format: 'json' }), {}, testContext(NOW));
    const keys = (await listAll(store, 'tables/')).map((o) => o.key);
    expect(keys).toEqual([expect.stringMatching(/compacted-[0-9a-f]{12}-[0-9a-f]{32}-1-1\.json\.gz$/)]);
    expect(distinctEvents(await readTables(store)).size).toBe(2);
  });

  it('writes a compaction cost record per partition, with its S3 requests', async () => {
    const store = freshLake();
    await threeBatches(store);
    await compactLake(store, config, { to: DAY1 }, testContext(NOW, 'run-1'));
    const [cost] = await listAll(store, 'costs/dt=2026-09-10/');
    const record = JSON.parse(readFileSync(store.locate(cost?.key ?? ''), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      request_id: `run-1-enrollment_created-${DAY1}`,
      kind: 'compaction',
      work_item: `enrollment_created/dt=${DAY1}`,
      rows_written: 3,
      duplicate_rows: 2,
      s3_gets: 4, // three inputs, and the output read back
      s3_puts: 2, // the output and this record
      s3_lists: 1,
      s3_deletes: 1,
      table_rows: '{"enrollment_created":3}',
    });
    expect(record.total_usd as number).toBeCloseTo(
      (record.lambda_compute_usd as number) +
        (record.lambda_request_usd as number) +
        2 * 0.000005 +
        4 * 0.0000004 +
        0.000005,
      12,
    );
  });

  it('plans from the listing: unknown table folders are reported and left alone', async () => {
    const store = freshLake();
    await threeBatches(store);
    await store.put(`tables/no_such_table/dt=${DAY1}/x.parquet`, new Uint8Array([1]), '');
    const plan = await planCompaction(new MaintenanceStore(store), config, {}, NOW);
    expect(plan.unknownTables).toEqual(['no_such_table']);
    expect(plan.todo).toHaveLength(2);
    await compactLake(store, config, {}, testContext(NOW));
    expect(await listAll(store, 'tables/no_such_table/')).toHaveLength(1);
  });
});
