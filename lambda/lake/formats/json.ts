import { gunzipSync } from 'node:zlib';
import type { ColumnSpec } from '../../contract/columns.js';
import { parseJson } from '../../contract/json.js';
import type { RowValue } from '../../contract/rows.js';
import { parseCanvasTime } from '../../contract/time.js';
import { gzipTextAsync, rowsToNdjson } from '../ndjson.js';
import type { LakeFormat, ReadResult } from './format.js';

/** A JSON value as the encoder wrote it → the row value of the column's logical type. */
function rowValue(value: unknown, column: ColumnSpec): RowValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'timestamp': {
      // `2019-11-01 19:11:14.005` (UTC), as `jsonTimestamp` writes it.
      const t = typeof value === 'string' ? parseCanvasTime(value) : Number(value);
      if (t === null || !Number.isFinite(t)) throw new Error(`${column.name}: not a timestamp: ${JSON.stringify(value)}`);
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
 * Reads a gzip NDJSON table file. Integers of 16+ digits are read from the text (64-bit values stay exact);
 * a key the spec lacks is reported in `fileColumns`; a column the file lacks is null.
 */
export async function readNdjsonGzip(bytes: Uint8Array, columns: readonly ColumnSpec[]): Promise<ReadResult> {
  const text = gunzipSync(bytes).toString('utf8');
  const rows: RowValue[][] = [];
  const seen = new Set<string>();
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseJson(line, true);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      throw new Error(`line ${lineNumber} is not a JSON object`);
    }
    const record = parsed.value as Record<string, unknown>;
    for (const key in record) seen.add(key);
    rows.push(columns.map((c) => rowValue(record[c.name], c)));
  }
  return { rows, fileColumns: [...seen], metadata: {} };
}

/** Gzip NDJSON: one JSON object per row, keys in column order, read by the OpenX JSON SerDe. */
export const JSON_FORMAT: LakeFormat = {
  name: 'json',
  extension: '.json.gz',
  contentType: 'application/gzip',
  compressions: [],
  encode: (columns, rows) => gzipTextAsync(rowsToNdjson(columns, rows)),
  read: readNdjsonGzip,
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
};
