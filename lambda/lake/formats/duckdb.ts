import type { ColumnSpec } from '../../contract/columns.js';
import type { LogicalType } from '../../contract/logical-types.js';

/**
 * DuckDB's type for each logical type: the same values Athena sees through the Glue columns. DuckDB is the
 * local query engine (`canvas-lake query`) and the tests' stand-in for Athena; this module only writes SQL
 * text and imports nothing from DuckDB, so the Lambda bundle does not grow.
 */
export const DUCKDB_TYPE: Readonly<Record<LogicalType, string>> = {
  string: 'VARCHAR',
  id: 'VARCHAR',
  url: 'VARCHAR',
  json: 'VARCHAR',
  boolean: 'BOOLEAN',
  int64: 'BIGINT',
  double: 'DOUBLE',
  timestamp: 'TIMESTAMPTZ',
};

export const duckdbString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The `columns` argument of DuckDB's read_json for a spec: timestamps as TIMESTAMP, which parses the ISO 8601
 * text the lake writes (its zone included) into the instant; the caller casts to TIMESTAMPTZ.
 */
export const duckdbJsonColumns = (columns: readonly ColumnSpec[]) =>
  `{${columns.map((c) => `${duckdbString(c.name)}: ${duckdbString(c.type === 'timestamp' ? 'TIMESTAMP' : DUCKDB_TYPE[c.type])}`).join(', ')}}`;
