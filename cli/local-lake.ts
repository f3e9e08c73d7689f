import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUUIDValue,
} from '@duckdb/node-api';
import { type ColumnSpec, EVENT_TABLES } from '../lambda/contract/columns.js';
import { DUCKDB_TYPE, duckdbString } from '../lambda/lake/formats/duckdb.js';
import { LAKE_FORMATS, type LakeFormat } from '../lambda/lake/formats/index.js';
import { LAKE_PREFIXES } from '../lambda/lake/layout.js';
import { LAKE_TABLES } from '../lambda/lake/system-tables.js';
import { DUCKDB_TRINO_MACROS } from '../queries/dialect.js';

export type QueryValue = string | number | boolean | null | QueryValue[] | { [key: string]: QueryValue };
export type QueryRow = Record<string, QueryValue>;

const sqlString = duckdbString;

/** Files of a folder tree matching a suffix (DuckDB fails on a glob that matches nothing). */
function hasFiles(dir: string, suffix: string): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && hasFiles(join(dir, entry.name), suffix)) return true;
    if (entry.isFile() && entry.name.endsWith(suffix)) return true;
  }
  return false;
}

/** SELECT list casting every spec column to its type, so a view has the table's exact schema. */
const typedColumns = (columns: readonly ColumnSpec[]) =>
  columns.map((c) => `CAST(${c.name} AS ${DUCKDB_TYPE[c.type]}) AS ${c.name}`).join(', ');

const emptyRelation = (columns: readonly ColumnSpec[]) =>
  `SELECT ${columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPE[c.type]}) AS ${c.name}`).join(', ')}, CAST(NULL AS VARCHAR) AS dt WHERE false`;

/**
 * The relation of one table folder: its files in every lake format (either or both, e.g. after a format
 * change), typed by the spec. The system tables' files are gzip NDJSON (`raw/`, `quarantine/`) or plain JSON
 * (`costs/`), read as the JSON format reads its own.
 */
function tableRelation(folder: string, columns: readonly ColumnSpec[]): string {
  const parts: string[] = [];
  const hive = "hive_partitioning = true, hive_types = {'dt': VARCHAR}";
  const scans: [string, LakeFormat][] = [
    ...Object.values(LAKE_FORMATS).map((f): [string, LakeFormat] => [f.extension, f]),
    ['.ndjson.gz', LAKE_FORMATS.json],
    ['.json', LAKE_FORMATS.json],
  ];
  for (const [suffix, format] of scans) {
    if (!hasFiles(folder, suffix)) continue;
    parts.push(
      `SELECT ${typedColumns(columns)}, dt FROM ${format.duckdbScan(sqlString(`${folder}/*/*${suffix}`), columns, hive)}`,
    );
  }
  return parts.length === 0 ? emptyRelation(columns) : parts.join('\nUNION ALL\n');
}

/** DuckDB values as plain JSON-friendly values: timestamps as ISO 8601 UTC, dates as YYYY-MM-DD, exact integers. */
export function plainValue(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
    return new Date(Number(value.micros / 1000n)).toISOString();
  }
  if (value instanceof DuckDBDateValue) return new Date(value.days * 86_400_000).toISOString().slice(0, 10);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBUUIDValue) return value.toString();
  if (value instanceof DuckDBListValue) return value.items.map(plainValue);
  if (value instanceof DuckDBStructValue)
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, plainValue(v)]));
  if (value instanceof DuckDBMapValue)
    return Object.fromEntries(value.entries.map((e) => [String(e.key), plainValue(e.value)]));
  return String(value);
}

/**
 * A local lake folder opened in DuckDB: every table registered as a view named as in Athena (hive partitions,
 * `dt` as text), and the Trino functions the saved queries use defined as macros.
 */
export class LocalLake {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly root: string,
  ) {}

  static async open(root: string): Promise<LocalLake> {
    const lake = resolve(root);
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    for (const table of EVENT_TABLES) {
      const folder = join(lake, LAKE_PREFIXES.tables, table.name);
      await connection.run(`CREATE VIEW ${table.name} AS ${tableRelation(folder, table.columns)}`);
    }
    for (const table of LAKE_TABLES) {
      await connection.run(
        `CREATE VIEW ${table.name} AS ${tableRelation(join(lake, table.folder), table.columns)}`,
      );
    }
    return new LocalLake(instance, connection, lake);
  }

  /** Runs SQL and returns its columns and rows as plain values. */
  async query(sql: string): Promise<{ columns: string[]; rows: QueryRow[] }> {
    const reader = await this.connection.runAndReadAll(sql);
    const columns = reader.columnNames();
    const rows = reader
      .getRowObjects()
      .map((row) => Object.fromEntries(columns.map((c) => [c, plainValue(row[c])])));
    return { columns, rows };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
