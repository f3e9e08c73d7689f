import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DT_RANGE, QUERIES, type QueryParam, queryById } from '../queries/registry.js';
import {
  effectiveDtRange,
  placeholdersOf,
  QueryParamError,
  readSql,
  renderSql,
  utcToday,
} from '../queries/render.js';
import { parseCliArgs } from './args.js';
import { runAthenaQuery } from './athena.js';
import { CliError } from './errors.js';
import { LocalLake } from './local-lake.js';
import { type DisplayFormat, renderRows } from './output.js';

export const QUERY_USAGE = `Usage: canvas-lake query <id|file.sql> [--lake <dir>] [--param k=v ...] [--format table|csv|json] [--json]
       canvas-lake query <id|file.sql> --athena --workgroup <wg> [--database <db>] [--region <r>] [--param k=v ...]

Runs a saved query (see canvas-lake queries) or a .sql file on DuckDB over a local lake (default ./lake),
or in Athena. Every query takes dt_from and dt_to (YYYY-MM-DD, inclusive; default: the last 30 days).`;

interface LoadedQuery {
  readonly sql: string;
  readonly parameters: readonly QueryParam[];
}

/** A registered query, or a .sql file whose {{placeholders}} become parameters (dt_from/dt_to with defaults). */
export function loadQuery(target: string): LoadedQuery {
  if (target.endsWith('.sql')) {
    if (!existsSync(target)) throw new CliError(`no such SQL file: ${target}`);
    const sql = readFileSync(target, 'utf8');
    const extra = placeholdersOf(sql).filter((n) => !DT_RANGE.some((p) => p.name === n));
    return {
      sql,
      parameters: [
        ...DT_RANGE,
        ...extra.map((name) => ({ name, type: 'string' as const, description: '', default: null })),
      ],
    };
  }
  const def = queryById(target);
  if (def === undefined)
    throw new CliError(`no saved query '${target}'. Known: ${QUERIES.map((q) => q.id).join(', ')}`);
  return {
    sql: readSql(def.file),
    parameters: def.parameters,
  };
}

function parseParams(pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--param expects name=value, not '${pair}'`);
    values[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return values;
}

function parseQueryArgs(args: string[]) {
  return parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      lake: { type: 'string', default: './lake' },
      param: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'table' },
      json: { type: 'boolean', default: false },
      athena: { type: 'boolean', default: false },
      workgroup: { type: 'string' },
      database: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** Renders a loaded query with its parameters; bad parameters are a user error. */
export function renderLoaded(query: LoadedQuery, values: Record<string, string>, today = utcToday()): string {
  try {
    return renderSql(query.sql, query.parameters, values, { mode: 'values', today });
  } catch (error) {
    if (error instanceof QueryParamError) throw new CliError(error.message);
    throw error;
  }
}

export async function queryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseQueryArgs(args);
  if (values.help) {
    process.stdout.write(`${QUERY_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    throw new CliError('give exactly one query id or .sql file (see canvas-lake queries)');
  const format = (values.json ? 'json' : values.format) as DisplayFormat;
  if (!['table', 'csv', 'json'].includes(format))
    throw new CliError(`--format must be table, csv or json, not '${values.format}'`);
  const query = loadQuery(positionals[0] as string);
  const params = parseParams(values.param);
  const sql = renderLoaded(query, params);
  const range = effectiveDtRange(query.parameters, params, utcToday());
  const rangeText = `dt ${range.dt_from} … ${range.dt_to}`;
  // Say which days a run covers when the user did not choose them: an empty answer then explains itself.
  const noteDefaultRange = () => {
    if (range.defaulted && range.dt_from !== null)
      process.stderr.write(
        `${rangeText} (the default: the last 30 days; choose with --param dt_from=YYYY-MM-DD --param dt_to=YYYY-MM-DD)\n`,
      );
  };
  const noRowsHint = (rows: number) => {
    if (rows === 0 && range.dt_from !== null && format !== 'json')
      process.stderr.write(`No rows in ${rangeText}. Widen the range with --param dt_from=… dt_to=…\n`);
  };

  if (values.athena) {
    if (!values.workgroup)
      throw new CliError('--athena needs --workgroup <name> (the stack output AthenaWorkGroup)');
    const database = values.database ?? /^canvas-lake-(.+)$/.exec(values.workgroup)?.[1]?.replace(/-/g, '_');
    noteDefaultRange();
    const client = new AthenaClient(values.region ? { region: values.region } : {});
    try {
      const result = await runAthenaQuery({
        client,
        sql,
        workgroup: values.workgroup,
        ...(database
          ? { database: database.startsWith('canvas_lake_') ? database : `canvas_lake_${database}` }
          : {}),
      });
      process.stdout.write(`${renderRows(result.columns, result.rows, format)}\n`);
      noRowsHint(result.rows.length);
      const scanned = `Athena ${result.queryExecutionId}: scanned ${(result.dataScannedBytes / 1024 / 1024).toFixed(2)} MB, cost $${result.costUsd.toFixed(6)}`;
      (format === 'json' ? process.stderr : process.stdout).write(
        `${format === 'json' ? '' : '\n'}${scanned}\n`,
      );
      return 0;
    } catch (error) {
      throw new CliError(`Athena: ${error instanceof Error ? error.message : String(error)}`, 1);
    } finally {
      client.destroy();
    }
  }

  const dir = resolve(values.lake);
  if (!existsSync(dir))
    throw new CliError(`no lake at ${dir}: run canvas-lake ingest (or npm start) first, or pass --lake`);
  noteDefaultRange();
  const lake = await LocalLake.open(dir);
  try {
    const result = await lake.query(sql);
    process.stdout.write(`${renderRows(result.columns, result.rows, format)}\n`);
    noRowsHint(result.rows.length);
    return 0;
  } catch (error) {
    throw new CliError(
      `query failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      1,
    );
  } finally {
    lake.close();
  }
}

export const QUERIES_USAGE = `Usage: canvas-lake queries [--json]

Lists the saved queries (the registry in queries/registry.ts): their ids, parameters and what they answer.
Run one with canvas-lake query <id>.`;

export async function queriesCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${QUERIES_USAGE}\n`);
    return 0;
  }
  const json = values.json;
  if (json) {
    process.stdout.write(`${JSON.stringify(QUERIES)}\n`);
    return 0;
  }
  const rows = QUERIES.map((q) => ({
    id: q.id,
    parameters: q.parameters.map((p) => p.name).join(', '),
    description: q.description,
  }));
  process.stdout.write(`${renderRows(['id', 'parameters', 'description'], rows, 'table')}\n`);
  return 0;
}
