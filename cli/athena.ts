import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type ResultSetMetadata,
  type Row,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import type { QueryRow, QueryValue } from './local-lake.js';

export interface AthenaRunOptions {
  readonly client: Pick<AthenaClient, 'send'>;
  readonly sql: string;
  readonly workgroup: string;
  readonly database?: string;
  /** First poll delay; doubles up to pollMaxMs. */
  readonly pollInitialMs?: number;
  readonly pollMaxMs?: number;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly usdPerTbScanned?: number;
}

export interface AthenaResult {
  readonly queryExecutionId: string;
  readonly columns: string[];
  readonly rows: QueryRow[];
  readonly dataScannedBytes: number;
  /** Athena bills the bytes scanned rounded up to the megabyte, at least 10 MB per query. */
  readonly costUsd: number;
}

export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
}

const MB = 1024 * 1024;
const TB = 1024 ** 4;

export function athenaQueryCost(bytes: number, usdPerTb = DEFAULT_PRICES.athenaTbScanned): number {
  const billed = Math.max(10 * MB, Math.ceil(bytes / MB) * MB);
  return (billed / TB) * usdPerTb;
}

/** Athena returns every value as text; read it back by the column's type. */
function typed(text: string | undefined, type: string | undefined): QueryValue {
  if (text === undefined) return null;
  switch ((type ?? 'varchar').toLowerCase()) {
    case 'bigint':
    case 'integer':
    case 'smallint':
    case 'tinyint': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'double':
    case 'real':
    case 'float':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
    case 'timestamp with time zone': {
      const t = Date.parse(
        `${text.replace(' ', 'T').replace(/ UTC$/, '')}${/Z|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'}`,
      );
      return Number.isNaN(t) ? text : new Date(t).toISOString();
    }
    default:
      return text;
  }
}

function toRows(rows: readonly Row[], metadata: ResultSetMetadata | undefined): QueryRow[] {
  const info = metadata?.ColumnInfo ?? [];
  return rows.map((row) =>
    Object.fromEntries(
      info.map((column, i) => [column.Name ?? `col${i}`, typed(row.Data?.[i]?.VarCharValue, column.Type)]),
    ),
  );
}

/** Runs one query in Athena: start it, poll with exponential backoff, page through the results. */
export async function runAthenaQuery(options: AthenaRunOptions): Promise<AthenaResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = await options.client.send(
    new StartQueryExecutionCommand({
      QueryString: options.sql,
      WorkGroup: options.workgroup,
      ...(options.database ? { QueryExecutionContext: { Database: options.database } } : {}),
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('Athena returned no query execution id');

  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let delay = options.pollInitialMs ?? 250;
  let dataScannedBytes = 0;
  for (;;) {
    const { QueryExecution: execution } = await options.client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = execution?.Status?.State;
    dataScannedBytes = execution?.Statistics?.DataScannedInBytes ?? dataScannedBytes;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new AthenaQueryError(
        `query ${id} ${state.toLowerCase()}: ${execution?.Status?.StateChangeReason ?? 'no reason given'}`,
      );
    }
    if (Date.now() > deadline)
      throw new AthenaQueryError(`query ${id} still ${state ?? 'pending'} after the timeout`);
    await sleep(delay);
    delay = Math.min(delay * 2, options.pollMaxMs ?? 5000);
  }

  const rows: QueryRow[] = [];
  let columns: string[] = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await options.client.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }),
    );
    const metadata = page.ResultSet?.ResultSetMetadata;
    columns = (metadata?.ColumnInfo ?? []).map((c, i) => c.Name ?? `col${i}`);
    // The first row of the first page repeats the column names.
    const data = (page.ResultSet?.Rows ?? []).slice(first ? 1 : 0);
    rows.push(...toRows(data, metadata));
    token = page.NextToken;
    first = false;
  } while (token);
  return {
    queryExecutionId: id,
    columns,
    rows,
    dataScannedBytes,
    costUsd: athenaQueryCost(dataScannedBytes, options.usdPerTbScanned),
  };
}
