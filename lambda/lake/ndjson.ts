import { gzipSync } from 'node:zlib';
import type { ColumnSpec } from '../contract/columns.js';
import type { Row } from '../contract/rows.js';

/**
 * JSON text of a timestamp as every JSON SerDe and DuckDB read it without configuration:
 * `2019-11-01 19:11:14.005` (UTC).
 */
export function jsonTimestamp(epochMillis: number): string {
  return new Date(epochMillis).toISOString().replace('T', ' ').replace('Z', '');
}

/** One JSON object per row, keys in column order, timestamps as UTC text, 64-bit integers exact. */
export function rowsToNdjson(columns: readonly ColumnSpec[], rows: readonly Row[]): string {
  let out = '';
  for (const row of rows) {
    let line = '{';
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as ColumnSpec;
      const v = row[column.name];
      let text: string;
      if (v === null || v === undefined) text = 'null';
      else if (column.type === 'timestamp') text = `"${jsonTimestamp(v as number)}"`;
      else if (typeof v === 'bigint') text = v.toString();
      else text = JSON.stringify(v);
      line += `${i === 0 ? '' : ','}${JSON.stringify(column.name)}:${text}`;
    }
    out += `${line}}\n`;
  }
  return out;
}

export function gzipText(text: string): Uint8Array {
  return new Uint8Array(gzipSync(text));
}

/** Gzipped NDJSON of plain records (raw archive, quarantine). */
export function recordsToNdjsonGz(records: readonly object[]): Uint8Array {
  return gzipText(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}
