import type { Row } from '../contract/rows.js';
import { utcDate } from '../contract/time.js';
import { costFileKey } from '../lake/layout.js';
import { recordsToNdjson } from '../lake/ndjson.js';
import { INVOCATION_COSTS_TABLE } from '../lake/tables.js';
import type { BatchStats } from '../pipeline/ingest.js';
import { type InvocationCost, invocationCost } from './cost.js';
import type { Prices } from './prices.js';

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
  readonly row: Row;
  readonly cost: InvocationCost;
}

/** The invocation_costs record of one invocation, and where it goes (`costs/dt=<started date>/<request id>.json`). */
export function costRecordFor(
  facts: InvocationFacts,
  stats: BatchStats,
  prices: Prices,
  prefix: string,
): CostRecord {
  const s3Puts = stats.puts + 1; // the cost record itself
  const cost = invocationCost({ ...facts, messages: stats.messages, s3Puts }, prices);
  const row: Row = {
    request_id: facts.requestId,
    function_name: facts.functionName,
    started_at: facts.startedAt,
    duration_ms: facts.durationMs,
    billed_duration_ms: BigInt(cost.billedDurationMs),
    memory_mb: BigInt(facts.memoryMb),
    architecture: facts.architecture,
    region: prices.region,
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
  };
  const body = new TextEncoder().encode(recordsToNdjson(INVOCATION_COSTS_TABLE.columns, [row]));
  return { key: costFileKey(prefix, utcDate(facts.startedAt), facts.requestId), body, row, cost };
}
