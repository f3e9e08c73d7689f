import { utcDate } from '../contract/time.js';
import { costFileKey } from '../lake/layout.js';
import { encodeRecords, INVOCATION_COSTS_TABLE, type RecordOf } from '../lake/system-tables.js';
import { type InvocationCost, invocationCost, type MaintenanceCost, maintenanceCost } from './cost.js';
import type { Prices } from './prices.js';

/** What an ingest invocation did, as its cost record needs it (the pipeline's batch statistics provide it). */
/** One invocation_costs record, every column typed by the table's spec. */
export type CostRow = RecordOf<typeof INVOCATION_COSTS_TABLE>;

export interface InvocationCounts {
  readonly messages: number;
  readonly events: number;
  readonly rows: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly failedMessages: number;
  readonly filesWritten: number;
  readonly bytesWritten: number;
  /** S3 PUT requests made for the batch (the cost record's own is added). */
  readonly puts: number;
  readonly tableRows: Readonly<Record<string, number>>;
}

export interface InvocationFacts {
  readonly requestId: string;
  readonly functionName: string | null;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
}

export interface CostRecord {
  readonly key: string;
  readonly body: Uint8Array;
  readonly row: CostRow;
  readonly cost: InvocationCost;
}

/** The columns every cost record fills the same way: which invocation, how long, where, at which prices. */
function invocationColumns(facts: InvocationFacts, billedDurationMs: number, prices: Prices) {
  return {
    request_id: facts.requestId,
    function_name: facts.functionName,
    started_at: facts.startedAt,
    duration_ms: facts.durationMs,
    billed_duration_ms: BigInt(billedDurationMs),
    memory_mb: BigInt(facts.memoryMb),
    architecture: facts.architecture,
    region: prices.region,
  } as const;
}

/** A cost record's file: `costs/dt=<started date>/<request id>.json`, one NDJSON line. */
function stored(facts: InvocationFacts, row: CostRow, prefix: string) {
  const body = new TextEncoder().encode(encodeRecords(INVOCATION_COSTS_TABLE, [row]));
  return { key: costFileKey(prefix, utcDate(facts.startedAt), facts.requestId), body, row };
}

/** The invocation_costs record of one invocation, and where it goes (`costs/dt=<started date>/<request id>.json`). */
export function costRecordFor(
  facts: InvocationFacts,
  stats: InvocationCounts,
  prices: Prices,
  prefix: string,
): CostRecord {
  const s3Puts = stats.puts + 1; // the cost record itself
  const cost = invocationCost({ ...facts, messages: stats.messages, s3Puts }, prices);
  const row: CostRow = {
    ...invocationColumns(facts, cost.billedDurationMs, prices),
    messages: BigInt(stats.messages),
    events: BigInt(stats.events),
    rows_written: BigInt(stats.rows),
    duplicate_rows: BigInt(stats.duplicates),
    quarantined: BigInt(stats.quarantined),
    failed_messages: BigInt(stats.failedMessages),
    files_written: BigInt(stats.filesWritten),
    bytes_written: BigInt(stats.bytesWritten),
    s3_puts: BigInt(s3Puts),
    sqs_requests: BigInt(cost.sqsRequests),
    table_rows: JSON.stringify(stats.tableRows),
    lambda_compute_usd: cost.lambdaComputeUsd,
    lambda_request_usd: cost.lambdaRequestUsd,
    s3_put_usd: cost.s3PutUsd,
    sqs_usd: cost.sqsUsd,
    total_usd: cost.totalUsd,
    price_source: prices.source,
    price_as_of: prices.asOf,
    kind: 'ingest',
    work_item: null,
    s3_gets: 0n,
    s3_lists: 0n,
    s3_deletes: 0n,
    bytes_read: 0n,
    s3_get_usd: 0,
    s3_list_usd: 0,
    step_functions_usd: 0,
  };
  return { ...stored(facts, row, prefix), cost };
}

export type MaintenanceKind = 'compaction' | 'replay_derive' | 'replay_rewrite' | 'replay_quarantine';

/** What one maintenance invocation did, for its cost record. */
export interface MaintenanceStats {
  readonly kind: MaintenanceKind;
  /** `<table>/dt=<dt>` or `raw/dt=<dt>`. */
  readonly workItem: string;
  /** Rows written to event tables (after deduplication). */
  readonly rowsWritten: number;
  readonly duplicates: number;
  /** Messages re-decoded (replay) and the events and quarantine records they gave. */
  readonly messages: number;
  readonly events: number;
  readonly quarantined: number;
  readonly filesWritten: number;
  readonly bytesWritten: number;
  readonly bytesRead: number;
  readonly s3Gets: number;
  /** PUTs made, not counting the cost record itself. */
  readonly s3Puts: number;
  readonly s3Lists: number;
  readonly s3Deletes: number;
  readonly stateTransitions: number;
  readonly tableRows: Readonly<Record<string, number>>;
}

export interface MaintenanceCostRecord {
  readonly key: string;
  readonly body: Uint8Array;
  readonly row: CostRow;
  readonly cost: MaintenanceCost;
}

/** The invocation_costs record of one maintenance invocation (`kind` says which), next to the ingest's. */
export function maintenanceCostRecordFor(
  facts: InvocationFacts,
  stats: MaintenanceStats,
  prices: Prices,
  prefix: string,
): MaintenanceCostRecord {
  const s3Puts = stats.s3Puts + 1; // the cost record itself
  const cost = maintenanceCost(
    {
      ...facts,
      s3Gets: stats.s3Gets,
      s3Puts,
      s3Lists: stats.s3Lists,
      stateTransitions: stats.stateTransitions,
    },
    prices,
  );
  const row: CostRow = {
    ...invocationColumns(facts, cost.billedDurationMs, prices),
    messages: BigInt(stats.messages),
    events: BigInt(stats.events),
    rows_written: BigInt(stats.rowsWritten),
    duplicate_rows: BigInt(stats.duplicates),
    quarantined: BigInt(stats.quarantined),
    failed_messages: 0n,
    files_written: BigInt(stats.filesWritten),
    bytes_written: BigInt(stats.bytesWritten),
    s3_puts: BigInt(s3Puts),
    sqs_requests: 0n,
    table_rows: JSON.stringify(stats.tableRows),
    lambda_compute_usd: cost.lambdaComputeUsd,
    lambda_request_usd: cost.lambdaRequestUsd,
    s3_put_usd: cost.s3PutUsd,
    sqs_usd: 0,
    total_usd: cost.totalUsd,
    price_source: prices.source,
    price_as_of: prices.asOf,
    kind: stats.kind,
    work_item: stats.workItem,
    s3_gets: BigInt(stats.s3Gets),
    s3_lists: BigInt(stats.s3Lists),
    s3_deletes: BigInt(stats.s3Deletes),
    bytes_read: BigInt(stats.bytesRead),
    s3_get_usd: cost.s3GetUsd,
    s3_list_usd: cost.s3ListUsd,
    step_functions_usd: cost.stepFunctionsUsd,
  };
  return { ...stored(facts, row, prefix), cost };
}
