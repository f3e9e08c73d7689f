import type { CompressionCodec, SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSpec } from '../contract/columns.js';
import type { LogicalType } from '../contract/logical-types.js';
import type { Row } from '../contract/rows.js';

export type ParquetCodec = 'SNAPPY' | 'ZSTD' | 'UNCOMPRESSED';

/** The Parquet schema element of each logical type: never inferred from the data. */
function elementFor(column: ColumnSpec): SchemaElement {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  const base = { name: column.name, repetition_type } as const;
  const byType: Record<LogicalType, Omit<SchemaElement, 'name' | 'repetition_type'>> = {
    string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
    id: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
    url: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
    // JSON text is a plain UTF-8 string: Athena and Glue read it as string; json_* functions parse it.
    json: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
    boolean: { type: 'BOOLEAN' },
    int64: { type: 'INT64' },
    double: { type: 'DOUBLE' },
    timestamp: {
      type: 'INT64',
      converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    },
  };
  return { ...base, ...byType[column.type] };
}

/** The full Parquet schema (root first) of a table. */
export function parquetSchemaOf(columns: readonly ColumnSpec[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(elementFor)];
}

export interface ParquetOptions {
  readonly codec?: ParquetCodec;
  readonly compressors?: Parameters<typeof parquetWriteBuffer>[0]['compressors'];
}

/** Encodes rows (already in column-spec shape) as one Parquet file with a single row group. */
export function encodeParquet(columns: readonly ColumnSpec[], rows: readonly Row[], options: ParquetOptions = {}): Uint8Array {
  const columnData = columns.map((column) => {
    const data = new Array(rows.length);
    const { name } = column;
    if (column.type === 'timestamp') {
      for (let i = 0; i < rows.length; i++) {
        const v = (rows[i] as Row)[name];
        data[i] = v === null || v === undefined ? null : BigInt(v as number);
      }
    } else {
      for (let i = 0; i < rows.length; i++) data[i] = (rows[i] as Row)[name] ?? null;
    }
    return { name, data };
  });
  const buffer = parquetWriteBuffer({
    columnData,
    schema: parquetSchemaOf(columns),
    codec: (options.codec ?? 'SNAPPY') as CompressionCodec,
    ...(options.compressors ? { compressors: options.compressors } : {}),
    rowGroupSize: Math.max(rows.length, 1),
    createdBy: 'canvas-live-events-lake',
  });
  return new Uint8Array(buffer);
}
