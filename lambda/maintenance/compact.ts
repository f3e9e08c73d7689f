import { EVENT_TABLES } from '../contract/columns.js';
import { type MaintenanceKind, maintenanceCostRecordFor } from '../cost/record.js';
import { lakeFormat } from '../lake/formats/index.js';
import { type LakeStore, MaintenanceStore } from '../lake/store.js';
import { invocationFacts, type MaintenanceConfig, type MaintenanceContext } from './config.js';
import {
  closedThrough,
  groupPartitions,
  isCompacted,
  type Partition,
  type PartitionFiles,
  specFingerprint,
  tablesFolder,
} from './layout.js';
import { replayInProgress } from './marker.js';
import { type PartitionResult, type RewriteRequest, rewritePartition } from './rewrite.js';

const KNOWN_TABLES = new Map(EVENT_TABLES.map((t) => [t.name, t]));

export interface CompactionRange {
  /** Only this table. */
  readonly table?: string;
  /** First dt, inclusive (default: the first there is). */
  readonly from?: string;
  /** Last dt, inclusive (default: today minus the grace period). */
  readonly to?: string;
}

export interface CompactionPlan {
  readonly from: string | null;
  readonly to: string;
  /** Every partition of a known table in the range, with its files. */
  readonly partitions: readonly PartitionFiles[];
  /** The ones that are not one compacted set of the current spec and format. */
  readonly todo: readonly Partition[];
  /** Table folders that match no table of the contract: left alone. */
  readonly unknownTables: readonly string[];
  /** A replay of this lake in progress: compaction plans nothing meanwhile. */
  readonly replayInProgress: string | null;
}

/**
 * Lists `tables/` (or one table) and decides, from the listing alone, which partitions in the range need
 * compacting: no GET. A partition of a table the contract does not know is reported, never touched.
 */
export async function planCompaction(
  store: MaintenanceStore,
  config: MaintenanceConfig,
  range: CompactionRange,
  now: number,
): Promise<CompactionPlan> {
  const to = range.to ?? closedThrough(now, config.graceDays);
  const from = range.from ?? null;
  const replay = await replayInProgress(store, config.prefix, now);
  if (replay !== null)
    return { from, to, partitions: [], todo: [], unknownTables: [], replayInProgress: replay };
  const root = tablesFolder(config.prefix);
  const objects = await store.listAll(range.table === undefined ? root : `${root}${range.table}/`);
  const format = lakeFormat(config.format);
  const partitions: PartitionFiles[] = [];
  const todo: Partition[] = [];
  const unknown = new Set<string>();
  for (const partition of groupPartitions(config.prefix, objects)) {
    if (range.table !== undefined && partition.table !== range.table) continue;
    if (partition.dt > to || (from !== null && partition.dt < from)) continue;
    const spec = KNOWN_TABLES.get(partition.table);
    if (spec === undefined) {
      unknown.add(partition.table);
      continue;
    }
    partitions.push(partition);
    if (!isCompacted(partition.files, specFingerprint(spec.columns), format))
      todo.push({ table: partition.table, dt: partition.dt });
  }
  return { from, to, partitions, todo, unknownTables: [...unknown].sort(), replayInProgress: null };
}

export interface PartitionRun {
  readonly result: PartitionResult;
  /** The cost record's key, or null when writing it failed (the partition's work is done either way). */
  readonly costRecordKey: string | null;
  readonly costUsd: number;
  readonly requests: MaintenanceStore['counts'];
}

/**
 * One maintenance invocation over one partition, as the Lambda runs it for one Distributed Map item and the
 * command line runs it in a loop: rewrite the partition, then write the invocation's cost record.
 */
export async function runPartition(
  lake: LakeStore,
  request: RewriteRequest,
  config: MaintenanceConfig,
  context: MaintenanceContext,
  kind: MaintenanceKind = 'compaction',
  store: MaintenanceStore = new MaintenanceStore(lake),
): Promise<PartitionRun> {
  const startedAt = context.now();
  const start = context.clock();
  const result = await rewritePartition(store, request, config);
  const durationMs = context.clock() - start;
  const record = maintenanceCostRecordFor(
    invocationFacts(context, config, startedAt, durationMs),
    {
      kind,
      workItem: `${request.table}/dt=${request.dt}`,
      rowsWritten: result.status === 'rewritten' ? result.rowsAfter : 0,
      duplicates: result.duplicatesRemoved,
      messages: 0,
      events: 0,
      quarantined: 0,
      filesWritten: store.counts.puts,
      bytesWritten: store.counts.bytesWritten,
      bytesRead: store.counts.bytesRead,
      s3Gets: store.counts.gets,
      s3Puts: store.counts.puts,
      s3Lists: store.counts.lists,
      s3Deletes: store.counts.deletes,
      stateTransitions: context.stateTransitions,
      tableRows: result.status === 'rewritten' ? { [request.table]: result.rowsAfter } : {},
    },
    config.prices,
    config.prefix,
  );
  let costRecordKey: string | null = record.key;
  try {
    await lake.put(record.key, record.body, 'application/x-ndjson');
  } catch {
    costRecordKey = null;
  }
  return { result, costRecordKey, costUsd: record.cost.totalUsd, requests: { ...store.counts } };
}

/** The `--json` summary of `canvas-lake compact`. */
export interface CompactionSummary {
  readonly from: string | null;
  readonly to: string;
  /** Partitions in the range. */
  partitions: number;
  /** Rewritten by this run. */
  partitions_compacted: number;
  /** Already one compacted set: only listed. */
  partitions_already_compacted: number;
  files_before: number;
  files_after: number;
  /** Rows read from the partitions this run rewrote (rows of partitions already compacted are not read). */
  rows_before: number;
  rows_after: number;
  duplicates_removed: number;
  bytes_before: number;
  bytes_after: number;
  s3_gets: number;
  s3_puts: number;
  s3_lists: number;
  s3_deletes: number;
  /** Estimated cost of the run as on AWS (Lambda arm64 at the configured memory, S3 requests, state transitions). */
  usd: number;
  unknown_tables: string[];
  /** Set when a replay was in progress: this run compacted nothing. */
  replay_in_progress: string | null;
}

/**
 * `canvas-lake compact`: plan from one listing, then compact each partition that needs it, each as one
 * invocation would on AWS (same code, same cost record), one after the other.
 */
export async function compactLake(
  lake: LakeStore,
  config: MaintenanceConfig,
  range: CompactionRange,
  context: MaintenanceContext,
  onPartition?: (done: number, total: number) => void,
): Promise<CompactionSummary> {
  const planner = new MaintenanceStore(lake);
  const plan = await planCompaction(planner, config, range, context.now());
  const todo = new Set(plan.todo.map((p) => `${p.table}/${p.dt}`));
  const summary: CompactionSummary = {
    from: plan.from,
    to: plan.to,
    partitions: plan.partitions.length,
    partitions_compacted: 0,
    partitions_already_compacted: 0,
    files_before: 0,
    files_after: 0,
    rows_before: 0,
    rows_after: 0,
    duplicates_removed: 0,
    bytes_before: 0,
    bytes_after: 0,
    s3_gets: planner.counts.gets,
    s3_puts: planner.counts.puts,
    s3_lists: planner.counts.lists,
    s3_deletes: 0,
    usd: planner.counts.lists * config.prices.s3Put,
    unknown_tables: [...plan.unknownTables],
    replay_in_progress: plan.replayInProgress,
  };
  let done = 0;
  for (const partition of plan.partitions) {
    const key = `${partition.table}/${partition.dt}`;
    if (!todo.has(key)) {
      summary.partitions_already_compacted++;
      summary.files_before += partition.files.length;
      summary.files_after += partition.files.length;
      const bytes = partition.files.reduce((n, f) => n + f.size, 0);
      summary.bytes_before += bytes;
      summary.bytes_after += bytes;
      continue;
    }
    const run = await runPartition(lake, partition, config, {
      ...context,
      requestId: `${context.requestId}-${partition.table}-${partition.dt}`,
    });
    const r = run.result;
    if (r.status === 'rewritten' || r.status === 'emptied') summary.partitions_compacted++;
    else summary.partitions_already_compacted++;
    summary.files_before += r.filesBefore;
    summary.files_after += r.filesAfter;
    summary.rows_before += r.rowsBefore;
    summary.rows_after += r.rowsAfter;
    summary.duplicates_removed += r.duplicatesRemoved;
    summary.bytes_before += r.bytesBefore;
    summary.bytes_after += r.bytesAfter;
    summary.s3_gets += run.requests.gets;
    summary.s3_puts += run.requests.puts + 1;
    summary.s3_lists += run.requests.lists;
    summary.s3_deletes += run.requests.deletes;
    summary.usd += run.costUsd;
    onPartition?.(++done, todo.size);
  }
  return summary;
}
