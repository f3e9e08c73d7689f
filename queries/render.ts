import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMON_COLUMNS, EVENT_TABLES } from '../lambda/contract/columns.js';
import type { QueryDef, QueryParam } from './registry.js';

const SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url));

/**
 * How parameters are filled in:
 * - `values`: every parameter becomes a literal; missing ones take their default, computed from `today`
 *   (what the DuckDB runner and the Athena runner execute);
 * - `athena-saved`: parameters keep their defaults as Athena expressions (`current_date - INTERVAL '30' DAY`),
 *   so a saved query in the console always covers the last 30 days.
 * This is the one place where the two engines' SQL differs; everything else is the common subset.
 */
export type RenderMode =
  | { readonly mode: 'values'; readonly today: string }
  | { readonly mode: 'athena-saved' };

export class QueryParamError extends Error {
  override readonly name = 'QueryParamError';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PLACEHOLDER = /\{\{\s*(>\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function readSql(file: string): string {
  return readFileSync(`${SQL_DIR}${file}`, 'utf8').trim();
}

/** `(SELECT '<table>' AS table_name, <common columns>, dt FROM <table> UNION ALL …) AS all_events` */
export function allEventsRelation(): string {
  const columns = [...COMMON_COLUMNS.map((c) => c.name), 'dt'].join(', ');
  const branches = EVENT_TABLES.map((t) => `  SELECT '${t.name}' AS table_name, ${columns} FROM ${t.name}`);
  return `(\n${branches.join('\n  UNION ALL\n')}\n) AS all_events`;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function defaultValue(param: QueryParam, mode: RenderMode): string {
  const d = param.default;
  if (d === null) return 'NULL';
  if ('value' in d) return quote(d.value);
  if (mode.mode === 'athena-saved') {
    return d.daysAgo === 0
      ? "date_format(current_date, '%Y-%m-%d')"
      : `date_format(current_date - INTERVAL '${d.daysAgo}' DAY, '%Y-%m-%d')`;
  }
  return quote(addDays(mode.today, -d.daysAgo));
}

/** A real calendar date: `2026-02-30` matches the pattern but names no day (Date.parse would roll it over). */
function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function literal(param: QueryParam, value: string): string {
  if (param.type === 'date' && !isDate(value)) {
    throw new QueryParamError(`parameter ${param.name} must be a date YYYY-MM-DD, not '${value}'`);
  }
  return quote(value);
}

/**
 * The dt range a run of a query covers: the values given, or the defaults computed from `today` (the last 30
 * days). Null for a parameter the query does not take. Checks that the range is not empty.
 */
export function effectiveDtRange(
  parameters: readonly QueryParam[],
  values: Readonly<Record<string, string>>,
  today: string,
): { dt_from: string | null; dt_to: string | null; defaulted: boolean } {
  const resolve = (name: string) => {
    const param = parameters.find((p) => p.name === name);
    if (param === undefined) return null;
    const given = values[name];
    if (given !== undefined) return given;
    const d = param.default;
    if (d === null) return null;
    return 'value' in d ? d.value : addDays(today, -d.daysAgo);
  };
  const dt_from = resolve('dt_from');
  const dt_to = resolve('dt_to');
  if (dt_from !== null && dt_to !== null && isDate(dt_from) && isDate(dt_to) && dt_from > dt_to) {
    throw new QueryParamError(`dt_from (${dt_from}) is after dt_to (${dt_to}): the range is empty`);
  }
  return { dt_from, dt_to, defaulted: values.dt_from === undefined && values.dt_to === undefined };
}

/** Expands `{{> partial}}` (queries/sql/_partial.sql) and `{{all_events}}`, leaving parameters in place. */
export function expandSql(sql: string, seen: readonly string[] = []): string {
  return sql.replace(PLACEHOLDER, (whole, partial: string | undefined, name: string) => {
    if (partial) {
      if (seen.includes(name)) throw new Error(`partial ${name} includes itself`);
      return expandSql(readSql(`_${name}.sql`), [...seen, name]);
    }
    return name === 'all_events' ? allEventsRelation() : whole;
  });
}

/** The parameter names a SQL text uses (after expanding partials and `{{all_events}}`). */
export function placeholdersOf(sql: string): string[] {
  return [...new Set([...expandSql(sql).matchAll(PLACEHOLDER)].map((m) => m[2] as string))];
}

/** The SQL of a registered query (or of a .sql file), with its parameters filled in. */
export function renderSql(
  sql: string,
  parameters: readonly QueryParam[],
  values: Readonly<Record<string, string>>,
  mode: RenderMode,
): string {
  for (const name of Object.keys(values)) {
    if (!parameters.some((p) => p.name === name)) {
      throw new QueryParamError(
        `unknown parameter ${name} (this query takes: ${parameters.map((p) => p.name).join(', ') || 'none'})`,
      );
    }
  }
  if (mode.mode === 'values') effectiveDtRange(parameters, values, mode.today);
  return expandSql(sql).replace(PLACEHOLDER, (_whole, _partial, name: string) => {
    const param = parameters.find((p) => p.name === name);
    if (param === undefined)
      throw new QueryParamError(`the SQL uses {{${name}}}, which is not a declared parameter`);
    const value = values[name];
    return value === undefined ? defaultValue(param, mode) : literal(param, value);
  });
}

export function renderQuery(
  def: QueryDef,
  values: Readonly<Record<string, string>>,
  mode: RenderMode,
): string {
  return renderSql(readSql(def.file), def.parameters, values, mode);
}

/** Today's date in UTC, YYYY-MM-DD. */
export const utcToday = (now = new Date()) => now.toISOString().slice(0, 10);
