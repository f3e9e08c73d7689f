import { formatTable } from './format.js';
import type { QueryRow, QueryValue } from './local-lake.js';

/** How `canvas-lake query` prints rows (not a lake format: see lambda/lake/formats). */
export type DisplayFormat = 'table' | 'csv' | 'json';

const csvCell = (value: QueryValue): string => {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Query results as an aligned table, RFC 4180 CSV, or one JSON array of row objects. */
export function renderRows(
  columns: readonly string[],
  rows: readonly QueryRow[],
  format: DisplayFormat,
): string {
  if (format === 'json') return JSON.stringify(rows);
  if (format === 'csv')
    return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(','))].join(
      '\n',
    );
  return rows.length === 0 ? '(no rows)' : formatTable(rows, columns);
}
