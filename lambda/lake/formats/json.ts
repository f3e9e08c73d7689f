import { gunzipSync, gzipSync } from 'node:zlib';
import type { ColumnSpec } from '../../contract/columns.js';
import { parseJson } from '../../contract/json.js';
import { parseCanvasTime } from '../../contract/time.js';
import type { RowValue } from '../../contract/types.js';
import { gzipTextAsync, rowsToNdjson } from '../ndjson.js';
import { duckdbJsonColumns } from './duckdb.js';
import {
  type ColumnsRead,
  type LakeFormat,
  type RowRange,
  readRowsWith,
  type TableWriter,
} from './format.js';

/** A JSON value as the encoder wrote it → the row value of the column's logical type. */
function rowValue(value: unknown, column: ColumnSpec): RowValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'timestamp': {
      // `2019-11-01 19:11:14.005` (UTC), as `jsonTimestamp` writes it.
      const t = typeof value === 'string' ? parseCanvasTime(value) : Number(value);
      if (t === null || !Number.isFinite(t))
        throw new Error(`${column.name}: not a timestamp: ${JSON.stringify(value)}`);
      return t;
    }
    case 'int64':
      return BigInt(value as string | number);
    case 'double':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/**
 * Reads a gzip NDJSON table file (one or more gzip members), column by column, optionally only rows
 * [start, end). Integers of 16+ digits are read from the text (64-bit values stay exact); a key the spec
 * lacks is reported in `fileColumns`; a column the file lacks is null.
 */
export async function readNdjsonColumns(
  bytes: Uint8Array,
  columns: readonly ColumnSpec[],
  range?: RowRange,
): Promise<ColumnsRead> {
  const lines = gunzipSync(bytes)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const start = Math.max(0, range?.start ?? 0);
  const end = Math.min(lines.length, range?.end ?? lines.length);
  const n = Math.max(0, end - start);
  const out: RowValue[][] = columns.map(() => new Array<RowValue>(n));
  const seen = new Set<string>();
  for (let i = start; i < end; i++) {
    const parsed = parseJson(lines[i] as string, true);
    if (
      !parsed.ok ||
      typeof parsed.value !== 'object' ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      throw new Error(`row ${i + 1} is not a JSON object`);
    }
    const record = parsed.value as Record<string, unknown>;
    for (const key in record) seen.add(key);
    columns.forEach((c, ci) => {
      (out[ci] as RowValue[])[i - start] = rowValue(record[c.name], c);
    });
  }
  return { columns: out, rows: n, totalRows: lines.length, fileColumns: [...seen], metadata: {} };
}

/** Gzip NDJSON written a row group at a time: each group is its own gzip member (readers concatenate them). */
function ndjsonWriter(columns: readonly ColumnSpec[]): TableWriter {
  const members: Uint8Array[] = [];
  return {
    write(values, rows) {
      if (rows === 0) return;
      const group: RowValue[][] = new Array(rows);
      for (let i = 0; i < rows; i++) group[i] = values.map((column) => column[i] ?? null);
      // Compacted files are written once and read often: compressed harder than the ingest's level 1.
      members.push(new Uint8Array(gzipSync(rowsToNdjson(columns, group), { level: 6 })));
    },
    finish() {
      return new Uint8Array(Buffer.concat(members));
    },
  };
}

/** Gzip NDJSON: one JSON object per row, keys in column order, read by the OpenX JSON SerDe. */
export const JSON_FORMAT: LakeFormat = {
  name: 'json',
  extension: '.json.gz',
  contentType: 'application/gzip',
  compressions: [],
  encode: (columns, rows) => gzipTextAsync(rowsToNdjson(columns, rows)),
  writer: ndjsonWriter,
  read: readRowsWith(readNdjsonColumns),
  readColumns: readNdjsonColumns,
  glue: {
    classification: 'json',
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serdeInfo: {
      serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      parameters: { 'ignore.malformed.json': 'false' },
    },
    tableParameters: {},
  },
  duckdbScan: (glob, columns, options) =>
    `read_json(${glob}, format = 'newline_delimited', columns = ${duckdbJsonColumns(columns)}, ${options})`,
};
