import * as zlib from 'node:zlib';
import {
  type CompressionCodec,
  type Compressors,
  type FileMetaData,
  parquetMetadata,
  parquetRead,
  type SchemaElement,
} from 'hyparquet';
import { ByteWriter, ParquetWriter, parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSpec } from '../../contract/columns.js';
import type { LogicalType } from '../../contract/logical-types.js';
import type { RowValue } from '../../contract/types.js';
import {
  type ColumnsRead,
  type EncodeOptions,
  type LakeFormat,
  type ParquetCodec,
  type RowRange,
  type RowValues,
  readRowsWith,
  type TableWriter,
} from './format.js';

export type { ParquetCodec };

const STRING_TYPES: ReadonlySet<LogicalType> = new Set(['string', 'id', 'url', 'json']);

/** The Parquet schema element of each logical type: never inferred from the data, and no type falls through. */
function elementFor(column: ColumnSpec): SchemaElement {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  const base = { name: column.name, repetition_type } as const;
  const type: LogicalType = column.type;
  switch (type) {
    case 'string':
    case 'id':
    case 'url':
    case 'json':
      // JSON text is a plain UTF-8 string too: Athena and Glue read it as string; json_* functions parse it.
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'timestamp':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    default: {
      const unknown: never = type;
      throw new Error(`column ${column.name}: no Parquet type for logical type ${String(unknown)}`);
    }
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

type ZstdCompress = (input: Uint8Array) => Uint8Array;

/** Node's built-in Zstandard (Node ≥ 22.15 and 23.8; every Lambda Node runtime this project deploys). */
function builtInZstd(): ZstdCompress | null {
  const compress = (zlib as unknown as { zstdCompressSync?: (input: Uint8Array) => Buffer }).zstdCompressSync;
  return typeof compress === 'function' ? (input) => new Uint8Array(compress(input)) : null;
}

/**
 * Parquet options for a codec. Snappy is built into hyparquet-writer; ZSTD uses Node's zlib, and asking
 * for it on a Node without it is a configuration error, reported up front rather than at the first write.
 */
export function parquetOptionsFor(codec: ParquetCodec): ParquetOptions {
  if (codec !== 'ZSTD') return { codec };
  const zstd = builtInZstd();
  if (zstd === null) {
    throw new Error(
      `Parquet ZSTD compression needs Node.js >= 22.15 (zlib.zstdCompressSync); this is ${process.version}. Use SNAPPY or a newer Node.`,
    );
  }
  return { codec, compressors: { ZSTD: zstd } };
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
 * How one column's values (timestamps already as bigint) are written: statistics for timestamps only,
 * high-cardinality strings PLAIN from one UTF-8 buffer, the rest dictionary-encoded.
 */
function columnSource(column: ColumnSpec, data: unknown[]) {
  if (column.type === 'timestamp') return { name: column.name, data, statistics: true };
  if (STRING_TYPES.has(column.type) && highCardinality(data)) {
    return { name: column.name, data: utf8Views(data), encoding: 'PLAIN' as const, statistics: false };
  }
  return { name: column.name, data, statistics: false };
}

/**
 * Encodes rows (values in column-spec order) as one Parquet file with a single row group. Low-cardinality
 * strings are dictionary-encoded; high-cardinality strings go PLAIN, encoded to UTF-8 in one pass. Statistics
 * are kept for timestamps (event_time pruning), where they are cheap and useful.
 */
export function encodeParquet(
  columns: readonly ColumnSpec[],
  rows: readonly RowValues[],
  options: ParquetOptions = {},
  extra: { readonly metadata?: Readonly<Record<string, string>>; readonly rowGroupSize?: number } = {},
): Uint8Array {
  const n = rows.length;
  const columnData = columns.map((column, c) => {
    const data = new Array(n);
    if (column.type === 'timestamp') {
      for (let i = 0; i < n; i++) {
        const v = (rows[i] as RowValues)[c];
        data[i] = v === null || v === undefined ? null : BigInt(v as number);
      }
    } else {
      for (let i = 0; i < n; i++) data[i] = (rows[i] as RowValues)[c] ?? null;
    }
    return columnSource(column, data);
  });
  const buffer = parquetWriteBuffer({
    columnData,
    schema: parquetSchemaOf(columns),
    codec: (options.codec ?? 'SNAPPY') as CompressionCodec,
    ...(options.compressors ? { compressors: options.compressors } : {}),
    rowGroupSize: Math.max(extra.rowGroupSize ?? n, 1),
    createdBy: 'canvas-live-events-lake',
    ...(extra.metadata
      ? { kvMetadata: Object.entries(extra.metadata).map(([key, value]) => ({ key, value })) }
      : {}),
  });
  return new Uint8Array(buffer);
}

/** Decompressors for reading: Snappy is built into hyparquet; ZSTD comes from Node's zlib where it exists. */
function decompressors(): Compressors {
  const decompress = (zlib as unknown as { zstdDecompressSync?: (input: Uint8Array) => Buffer })
    .zstdDecompressSync;
  if (typeof decompress !== 'function') return {};
  return { ZSTD: (input) => new Uint8Array(decompress(input)) };
}

/** A value as hyparquet returns it → the row value of the column's logical type. */
function rowValue(value: unknown, type: LogicalType): RowValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'timestamp':
      return typeof value === 'bigint'
        ? Number(value)
        : value instanceof Date
          ? value.getTime()
          : Number(value);
    case 'int64':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'double':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    default:
      return typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : String(value);
  }
}

/** Parsed footers of files read more than once (compaction reads a file's keys, then its rows). */
const FOOTERS = new WeakMap<ArrayBuffer, FileMetaData>();

/**
 * Reads a Parquet file with hyparquet (the reader by hyparquet-writer's author), column by column: only the
 * requested columns are decoded, and with a range only the row groups it overlaps. A requested column the file
 * lacks (written before the column was added to the spec) is null. Timestamps come back as epoch
 * milliseconds, INT64 as bigint.
 */
export async function readParquetColumns(
  bytes: Uint8Array,
  columns: readonly ColumnSpec[],
  range?: RowRange,
): Promise<ColumnsRead> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const file = (
    whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  ) as ArrayBuffer;
  let metadata = FOOTERS.get(file);
  if (metadata === undefined) {
    metadata = parquetMetadata(file);
    FOOTERS.set(file, metadata);
  }
  const fileColumns = metadata.schema.slice(1).map((e) => e.name);
  const present = new Set(fileColumns);
  const kv: Record<string, string> = {};
  for (const { key, value } of metadata.key_value_metadata ?? []) kv[key] = value ?? '';
  const totalRows = Number(metadata.num_rows);
  const start = Math.max(0, range?.start ?? 0);
  const end = Math.min(totalRows, range?.end ?? totalRows);
  const n = Math.max(0, end - start);
  const out: RowValue[][] = columns.map(() => new Array<RowValue>(n).fill(null));
  const wanted = columns.filter((c) => present.has(c.name));
  if (wanted.length > 0 && n > 0) {
    const at = new Map(columns.map((c, i) => [c.name, i]));
    await parquetRead({
      file,
      metadata,
      columns: wanted.map((c) => c.name),
      rowStart: start,
      rowEnd: end,
      compressors: decompressors(),
      parsers: { timestampFromMilliseconds: (ms: bigint) => Number(ms) },
      onChunk: ({ columnName, columnData, rowStart }) => {
        const index = at.get(columnName) as number;
        const type = (columns[index] as ColumnSpec).type;
        const target = out[index] as RowValue[];
        // A chunk may hold rows outside the range: keep those inside.
        const from = Math.max(rowStart, start);
        const to = Math.min(rowStart + columnData.length, end);
        for (let row = from; row < to; row++)
          target[row - start] = rowValue(columnData[row - rowStart], type);
      },
    });
  }
  return { columns: out, rows: n, totalRows, fileColumns, metadata: kv };
}

/** A Parquet file written a row group at a time (ParquetWriter over one growing buffer). */
function parquetWriter(columns: readonly ColumnSpec[], options: EncodeOptions = {}): TableWriter {
  const bytes = new ByteWriter();
  const parquet = (options.parquet ?? {}) as ParquetOptions;
  const writer = new ParquetWriter({
    writer: bytes,
    schema: parquetSchemaOf(columns),
    codec: (parquet.codec ?? 'SNAPPY') as CompressionCodec,
    ...(parquet.compressors ? { compressors: parquet.compressors } : {}),
    createdBy: 'canvas-live-events-lake',
    ...(options.metadata
      ? { kvMetadata: Object.entries(options.metadata).map(([key, value]) => ({ key, value })) }
      : {}),
  });
  return {
    write(values, rows) {
      if (rows === 0) return;
      const columnData = columns.map((column, c) => {
        const data = values[c] as readonly RowValue[];
        if (column.type !== 'timestamp') return columnSource(column, data as unknown[]);
        return columnSource(
          column,
          data.map((v) => (v === null || v === undefined ? null : BigInt(v as number))),
        );
      });
      writer.write({ columnData, rowGroupSize: rows });
    },
    finish() {
      writer.finish();
      return new Uint8Array(bytes.getBuffer());
    },
  };
}

export const PARQUET_FORMAT: LakeFormat = {
  name: 'parquet',
  extension: '.parquet',
  contentType: 'application/vnd.apache.parquet',
  compressions: ['snappy', 'zstd', 'uncompressed'],
  encode: (columns, rows, options: EncodeOptions = {}) =>
    encodeParquet(columns, rows, (options.parquet ?? {}) as ParquetOptions, {
      ...(options.metadata ? { metadata: options.metadata } : {}),
      ...(options.rowGroupSize ? { rowGroupSize: options.rowGroupSize } : {}),
    }),
  writer: parquetWriter,
  read: readRowsWith(readParquetColumns),
  readColumns: readParquetColumns,
  glue: {
    classification: 'parquet',
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    tableParameters: { 'parquet.compression': 'SNAPPY' },
  },
  duckdbScan: (glob, _columns, options) => `read_parquet(${glob}, ${options}, union_by_name = true)`,
};
