import type { CompressionCodec, SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSpec } from '../contract/columns.js';
import type { LogicalType } from '../contract/logical-types.js';
import type { RowValues } from './ndjson.js';

export type ParquetCodec = 'SNAPPY' | 'ZSTD' | 'UNCOMPRESSED';

const STRING_TYPES: ReadonlySet<LogicalType> = new Set(['string', 'id', 'url', 'json']);

/** The Parquet schema element of each logical type: never inferred from the data. */
function elementFor(column: ColumnSpec): SchemaElement {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  const base = { name: column.name, repetition_type } as const;
  if (STRING_TYPES.has(column.type)) {
    // JSON text is a plain UTF-8 string too: Athena and Glue read it as string; json_* functions parse it.
    return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
  }
  switch (column.type) {
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    default:
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
  }
}

/** The full Parquet schema (root first) of a table. */
export function parquetSchemaOf(columns: readonly ColumnSpec[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(elementFor)];
}

export interface ParquetOptions {
  readonly codec?: ParquetCodec;
  readonly compressors?: Parameters<typeof parquetWriteBuffer>[0]['compressors'];
}

/** A column of strings with many distinct values (ids, URLs, text): dictionary encoding would not pay. */
function highCardinality(values: readonly unknown[]): boolean {
  const sample = Math.min(values.length, 64);
  if (sample < 16) return false;
  const seen = new Set<unknown>();
  let present = 0;
  for (let i = 0; i < sample; i++) {
    const v = values[Math.floor((i * values.length) / sample)];
    if (v === null || v === undefined) continue;
    present++;
    seen.add(v);
  }
  return present >= 16 && seen.size > present / 2;
}

/**
 * UTF-8 bytes of every string of a column, written into one buffer (one allocation, no per-value encoder
 * call); the values become views of it.
 */
function utf8Views(values: readonly unknown[]): (Uint8Array | null)[] {
  let capacity = 0;
  for (const v of values) if (typeof v === 'string') capacity += v.length * 3;
  const buffer = Buffer.allocUnsafe(capacity);
  let offset = 0;
  return values.map((v) => {
    if (typeof v !== 'string') return null;
    const length = buffer.write(v, offset, 'utf8');
    const view = buffer.subarray(offset, offset + length);
    offset += length;
    return view;
  });
}

/**
 * Encodes rows (values in column-spec order) as one Parquet file with a single row group. Low-cardinality
 * strings are dictionary-encoded; high-cardinality strings go PLAIN, encoded to UTF-8 in one pass. Statistics
 * are kept for timestamps (event_time pruning), where they are cheap and useful.
 */
export function encodeParquet(columns: readonly ColumnSpec[], rows: readonly RowValues[], options: ParquetOptions = {}): Uint8Array {
  const n = rows.length;
  const columnData = columns.map((column, c) => {
    const data = new Array(n);
    if (column.type === 'timestamp') {
      for (let i = 0; i < n; i++) {
        const v = (rows[i] as RowValues)[c];
        data[i] = v === null || v === undefined ? null : BigInt(v as number);
      }
      return { name: column.name, data, statistics: true };
    }
    for (let i = 0; i < n; i++) data[i] = (rows[i] as RowValues)[c] ?? null;
    if (STRING_TYPES.has(column.type) && highCardinality(data)) {
      return { name: column.name, data: utf8Views(data), encoding: 'PLAIN' as const, statistics: false };
    }
    return { name: column.name, data, statistics: false };
  });
  const buffer = parquetWriteBuffer({
    columnData,
    schema: parquetSchemaOf(columns),
    codec: (options.codec ?? 'SNAPPY') as CompressionCodec,
    ...(options.compressors ? { compressors: options.compressors } : {}),
    rowGroupSize: Math.max(n, 1),
    createdBy: 'canvas-live-events-lake',
  });
  return new Uint8Array(buffer);
}
