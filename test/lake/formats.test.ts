import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ColumnSpec, eventTableSpec } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import {
  formatOfKey,
  LAKE_FORMATS,
  lakeFormat,
  OUTPUT_FORMATS,
  type RowValues,
} from '../../lambda/lake/formats/index.js';
import { LocalStore } from '../../lambda/lake/local-store.js';
import { ForbiddenDeleteError, MaintenanceStore } from '../../lambda/lake/store.js';
import { examplesOf } from '../support/catalog.js';
import { caliperExtraFixtures, eventsExtraFixtures } from '../support/extra-fixtures.js';

const ingestedAt = Date.UTC(2026, 10, 23, 8, 30, 15, 123);
const valuesByTable = new Map<string, RowValues[]>();
const texts = [
  ...[...examplesOf('canvas'), ...examplesOf('caliper')].map((e) => JSON.stringify(e.payload)),
  ...[...caliperExtraFixtures(), ...eventsExtraFixtures()].map((f) => f.text),
  JSON.stringify({
    metadata: { event_name: 'new_thing', event_time: '2024-01-01T00:00:00Z' },
    body: { x: [1] },
  }),
];
for (const text of texts) {
  for (const { table, values } of decodeMessage(text, undefined, { ingestedAt }).rows) {
    valuesByTable.set(table, [...(valuesByTable.get(table) ?? []), values]);
  }
}

describe('lake formats registry', () => {
  it('lists every format with its extension, content type and Glue storage', () => {
    expect(OUTPUT_FORMATS).toEqual(['parquet', 'json']);
    expect(lakeFormat('parquet')).toMatchObject({
      extension: '.parquet',
      contentType: 'application/vnd.apache.parquet',
    });
    expect(lakeFormat('json')).toMatchObject({ extension: '.json.gz', contentType: 'application/gzip' });
    expect(lakeFormat('parquet').glue.serdeInfo.serializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(lakeFormat('json').glue.serdeInfo.serializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(formatOfKey('tables/t/dt=2026-01-01/abc.parquet')).toBe(LAKE_FORMATS.parquet);
    expect(formatOfKey('tables/t/dt=2026-01-01/abc.json.gz')).toBe(LAKE_FORMATS.json);
    expect(formatOfKey('tables/t/dt=2026-01-01/abc.csv')).toBeUndefined();
  });

  for (const name of OUTPUT_FORMATS) {
    const format = lakeFormat(name);
    it(`${name}: reads back exactly the rows it encoded, for every table (${valuesByTable.size} tables)`, async () => {
      for (const [table, rows] of valuesByTable) {
        const columns = eventTableSpec(table).columns;
        const bytes = await format.encode(columns, rows);
        const read = await format.read(bytes, columns);
        expect(read.rows, table).toEqual(rows.map((r) => [...r]));
        expect(new Set(read.fileColumns)).toEqual(new Set(columns.map((c) => c.name)));
      }
    });

    it(`${name}: reads a subset of columns in any order, and a column the file lacks as null`, async () => {
      const columns = eventTableSpec('enrollment_created').columns;
      const rows = valuesByTable.get('enrollment_created') as RowValues[];
      const bytes = await format.encode(columns, rows);
      const added: ColumnSpec = { name: 'added_later', type: 'int64', nullable: true, description: '' };
      const wanted = [columns[2] as ColumnSpec, added, columns[0] as ColumnSpec];
      const read = await format.read(bytes, wanted);
      expect(read.rows).toEqual(rows.map((r) => [r[2], null, r[0]]));
    });
  }

  it('parquet: keeps key-value metadata and row groups', async () => {
    const columns = eventTableSpec('enrollment_created').columns;
    const rows = valuesByTable.get('enrollment_created') as RowValues[];
    const bytes = await lakeFormat('parquet').encode(columns, [...rows, ...rows], {
      metadata: { 'canvas_lake.spec': 'abc' },
      rowGroupSize: rows.length,
    });
    const read = await lakeFormat('parquet').read(bytes, columns);
    expect(read.metadata).toEqual({ 'canvas_lake.spec': 'abc' });
    expect(read.rows).toHaveLength(rows.length * 2);
  });

  it('parquet: refuses a column whose logical type it has no Parquet type for, rather than guessing', async () => {
    const odd = { name: 'odd', type: 'decimal', nullable: true } as unknown as ColumnSpec;
    expect(() => lakeFormat('parquet').encode([odd], [[null]])).toThrow(
      'column odd: no Parquet type for logical type decimal',
    );
  });
});

describe('stores', () => {
  const root = mkdtempSync(join(tmpdir(), 'store-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists a local folder like S3: by prefix, in key order, skipping writes in progress', async () => {
    const store = new LocalStore(root);
    for (const key of [
      'tables/b/dt=2026-01-02/x.parquet',
      'tables/a/dt=2026-01-01/y.parquet',
      'tables/ab/z.parquet',
      'raw/r.gz',
    ]) {
      await store.put(key, new Uint8Array([1, 2, 3]), 'application/octet-stream');
    }
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(root, 'tables/a/dt=2026-01-01/y.parquet.123.abc.tmp'), 'partial');
    const keys: string[] = [];
    for await (const page of store.list('tables/a')) keys.push(...page.map((o) => o.key));
    expect(keys).toEqual(['tables/a/dt=2026-01-01/y.parquet', 'tables/ab/z.parquet']);
    const pages: unknown[] = [];
    for await (const page of store.list('nothing/')) pages.push(page);
    expect(pages).toEqual([[]]);
    expect([...(await store.get('raw/r.gz'))]).toEqual([1, 2, 3]);
  });

  it('deletes only what the run listed or read, and counts requests', async () => {
    const store = new MaintenanceStore(new LocalStore(root));
    await expect(store.delete(['raw/r.gz'])).rejects.toThrow(ForbiddenDeleteError);
    await store.get('raw/r.gz');
    const listed = await store.listAll('tables/b/');
    await store.delete(['raw/r.gz', ...listed.map((o) => o.key)]);
    expect(await store.listAll('raw/')).toEqual([]);
    expect(store.counts).toMatchObject({ gets: 1, lists: 2, deletes: 1, bytesRead: 3 });
  });
});
