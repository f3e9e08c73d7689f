import { formatTable } from './format.js';
import type { QueryRow, QueryValue } from './local-lake.js';

export type OutputFormat = 'table' | 'csv' | 'json';

const csvCell = (value: QueryValue): string => {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Query results as an aligned table, RFC 4180 CSV, or one JSON array of row objects. */
export function renderRows(
  columns: readonly string[],
  rows: readonly QueryRow[],
  format: OutputFormat,
): string {
  if (format === 'json') return JSON.stringify(rows);
  if (format === 'csv')
    return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(','))].join(
      '\n',
    );
  return rows.length === 0 ? '(no rows)' : formatTable(rows, columns);
}
