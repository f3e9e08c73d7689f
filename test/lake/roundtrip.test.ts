import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_TABLES, eventTableSpec } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import type { Row } from '../../lambda/contract/types.js';
import { lakeFormat } from '../../lambda/lake/formats/index.js';
import { encodeParquet } from '../../lambda/lake/formats/parquet.js';
import { gzipText, type RowValues, rowsToNdjson } from '../../lambda/lake/ndjson.js';
import { examplesOf } from '../support/catalog.js';
import { duck, materialize, sqlPath } from '../support/duckdb.js';
import { caliperExtraFixtures, eventsExtraFixtures } from '../support/extra-fixtures.js';

const ingestedAt = Date.UTC(2026, 10, 23, 8, 30, 15, 123);
const byTable = new Map<string, Row[]>();
const valuesByTable = new Map<string, RowValues[]>();
// The catalog's examples, and this project's fixtures of the types beyond it (read as text: some ids exceed 2^53).
const texts = [
  ...[...examplesOf('canvas'), ...examplesOf('caliper')].map((e) => JSON.stringify(e.payload)),
  ...[...caliperExtraFixtures(), ...eventsExtraFixtures()].flatMap((f) => [
    f.text,
    ...(f.twin ? [f.twin.text] : []),
  ]),
];
for (const text of texts) {
  for (const { table, row, values } of decodeMessage(text, undefined, { ingestedAt }).rows) {
    byTable.set(table, [...(byTable.get(table) ?? []), row]);
    valuesByTable.set(table, [...(valuesByTable.get(table) ?? []), values]);
  }
}
const other = decodeMessage(
  JSON.stringify({
    metadata: { event_name: 'new_thing', event_time: '2024-01-01T00:00:00Z' },
    body: { x: [1] },
  }),
  undefined,
  { ingestedAt },
).rows[0];
if (other) {
  byTable.set(other.table, [other.row]);
  valuesByTable.set(other.table, [other.values]);
}

const parquetFiles = materialize(
  [...valuesByTable].map(([table, rows]) => [
    `${table}.parquet`,
    encodeParquet(eventTableSpec(table).columns, rows),
  ]),
);
const jsonFiles = materialize(
  [...valuesByTable].map(([table, rows]) => [
    `${table}.json.gz`,
    gzipText(rowsToNdjson(eventTableSpec(table).columns, rows)),
  ]),
);
afterAll(() => {
  parquetFiles.cleanup();
  jsonFiles.cleanup();
});

/** DuckDB values back to the pipeline's row values. */
function normalize(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp') {
    if (typeof value === 'object' && value !== null && 'micros' in value)
      return Number((value as { micros: bigint }).micros / 1000n);
    return value;
  }
  return value;
}

describe('Parquet round trip (read back with DuckDB)', () => {
  it('writes a file for every event table from the catalog examples and the extra fixtures', () => {
    expect(byTable.size).toBe(EVENT_TABLES.length);
  });

  it.each([...byTable.keys()])('%s: every column keeps its type and value', async (table) => {
    const spec = eventTableSpec(table);
    const path = sqlPath(`${parquetFiles.dir}/${table}.parquet`);
    const described = await duck(`DESCRIBE SELECT * FROM read_parquet(${path})`);
    const expectedType = {
      string: 'VARCHAR',
      id: 'VARCHAR',
      url: 'VARCHAR',
      json: 'VARCHAR',
      boolean: 'BOOLEAN',
      int64: 'BIGINT',
      double: 'DOUBLE',
      timestamp: 'TIMESTAMP WITH TIME ZONE',
    } as const;
    expect(described.map((d) => [d.column_name, d.column_type])).toEqual(
      spec.columns.map((c) => [c.name, expectedType[c.type]]),
    );
    const read = await duck(`SELECT * FROM read_parquet(${path})`);
    const rows = byTable.get(table) ?? [];
    expect(read).toHaveLength(rows.length);
    read.forEach((got, i) => {
      for (const column of spec.columns) {
        expect(normalize(got[column.name], column.type), `${table}.${column.name}`).toEqual(
          (rows[i] as Row)[column.name],
        );
      }
    });
  });

  it('writes one Snappy row group per file and marks timestamps as UTC-adjusted', async () => {
    const path = sqlPath(`${parquetFiles.dir}/enrollment_created.parquet`);
    const meta = await duck(`SELECT DISTINCT row_group_id, compression FROM parquet_metadata(${path})`);
    expect(meta).toEqual([{ row_group_id: 0n, compression: 'SNAPPY' }]);
    const schema = await duck(
      `SELECT name, logical_type FROM parquet_schema(${path}) WHERE name = 'event_time'`,
    );
    expect(String(schema[0]?.logical_type)).toMatch(/isAdjustedToUTC=(1|true)/i);
    const required = await duck(
      `SELECT name, repetition_type FROM parquet_schema(${path}) WHERE name IN ('event_id', 'meta_user_id') ORDER BY name`,
    );
    expect(required).toEqual([
      { name: 'event_id', repetition_type: 'REQUIRED' },
      { name: 'meta_user_id', repetition_type: 'OPTIONAL' },
    ]);
  });
});

describe('JSON output round trip (gzip NDJSON read back with DuckDB)', () => {
  it.each(['enrollment_created', 'quiz_updated', 'course_completed', 'other_events'])(
    '%s reads back with the same values',
    async (table) => {
      const spec = eventTableSpec(table);
      // Scanned as the lake's JSON format tells DuckDB to (the local `canvas-lake query` reads it the same way).
      const read = await duck(
        `SELECT * FROM ${lakeFormat('json').duckdbScan(sqlPath(`${jsonFiles.dir}/${table}.json.gz`), spec.columns, 'filename = false')}`,
      );
      const rows = byTable.get(table) ?? [];
      expect(read).toHaveLength(rows.length);
      read.forEach((got, i) => {
        for (const column of spec.columns) {
          expect(normalize(got[column.name], column.type), `${table}.${column.name}`).toEqual(
            (rows[i] as Row)[column.name],
          );
        }
      });
    },
  );
});
