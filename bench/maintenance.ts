/**
 * The maintenance part of `npm run bench`: a simulated month of live traffic at 1 M events a day, compacted.
 *
 * Affordable on a laptop by scaling, stated in the output: the month is cut into the same kind of batches the
 * function receives, but fewer batches per day and fewer events per batch than the default batching window
 * gives. Figures that depend on the number of files (files before, GET requests) are also given at the real
 * batch count, with the files a real-sized batch writes counted on the same traffic; compute
 * time is extrapolated from a per-row and a per-file cost measured on partitions built for that purpose.
 */
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { LocalLake } from '../cli/local-lake.js';
import { generateTerm } from '../cli/synthetic-term.js';
import { decodeMessage } from '../lambda/contract/decode.js';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { LocalStore } from '../lambda/lake/local-store.js';
import { MaintenanceStore } from '../lambda/lake/store.js';
import { compactLake } from '../lambda/maintenance/compact.js';
import type { MaintenanceConfig } from '../lambda/maintenance/config.js';
import { MB } from '../lambda/maintenance/rewrite.js';
import { type InboundMessage, ingestBatch } from '../lambda/pipeline/ingest.js';
import { HANDLER_NODE_OPTIONS } from '../lib/handler-bundle.js';
import { queryById } from '../queries/registry.js';
import { renderQuery } from '../queries/render.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const MONTH = {
  days: 30,
  eventsPerDay: 1_000_000,
  /**
   * Invocations a day at 1 M events a day with the deployed event source (300 s window, maximum concurrency 5:
   * five pollers each close a batch per window): 1,440, as the traffic profiles' event source model finds
   * (1,438 at 1 M events a day, bench/traffic).
   */
  realBatchesPerDay: 1440,
  /** Simulated: 48 batches a day (one per 30 minutes of traffic) of about 70 events. */
  batchesPerDay: 48,
  events: 100_000,
} as const;

/** The maintenance function's memory (lib/config.ts `maintenanceMemoryMb`), for the cost estimate. */
export const MAINTENANCE_MEMORY_MB = 2048;
const LAMBDA_LIMIT = { memoryMb: 10_240, seconds: 900 };
/** Assumed time to first byte of an S3 GET of a small object in the same region. */
const S3_GET_MS = 25;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const config = (overrides: Partial<MaintenanceConfig> = {}): MaintenanceConfig => ({
  prefix: '',
  format: 'parquet',
  targetFileBytes: 256 * MB,
  prices: DEFAULT_PRICES,
  graceDays: 2,
  latenessDays: 28,
  integrations: {},
  memoryMb: MAINTENANCE_MEMORY_MB,
  architecture: 'arm64',
  ...overrides,
});

async function provenanceMs(lake: string, from: string, to: string): Promise<number> {
  const def = queryById('enrollment_provenance');
  if (def === undefined) throw new Error('enrollment_provenance is not registered');
  const sql = renderQuery(def, { dt_from: from, dt_to: to }, { mode: 'values', today: to });
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const db = await LocalLake.open(lake);
    try {
      const start = performance.now();
      await db.query(sql);
      times.push(performance.now() - start);
    } finally {
      db.close();
    }
  }
  return median(times);
}

type ChildResult = {
  rows: number;
  files: number;
  parts: number;
  ms: number;
  maxRssMb: number;
  baseRssMb: number;
  bytes: number;
};

const child = (...args: (string | number)[]) =>
  execFileSync(
    process.execPath,
    [
      ...HANDLER_NODE_OPTIONS.split(' '),
      '--import',
      'tsx',
      join(ROOT, 'bench/compaction-child.ts'),
      ...args.map(String),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );

/** Builds one asset_accessed partition of `rows` rows in `files` ingest-like files (in a fresh process). */
function makePartition(work: string, rows: number, files: number): string {
  const dir = join(work, `partition-${rows}-${files}`);
  child('make', dir, rows, files);
  return dir;
}

/** Compacts a copy of a partition in a fresh process: duration, peak and starting RSS, output bytes. */
function compactCopy(source: string, targetMb: number, cacheMb: number): ChildResult {
  const dir = `${source}-compact-${targetMb}-${cacheMb}`;
  cpSync(source, dir, { recursive: true });
  return JSON.parse(child('compact', dir, targetMb, cacheMb)) as ChildResult;
}

/** Rows of the largest partition (table, day) of a compacted lake. */
async function largestPartition(lake: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS n FROM read_parquet('${join(lake, 'tables', '*', '*', '*.parquet')}', filename = 'source_file', union_by_name = true) GROUP BY source_file ORDER BY n DESC LIMIT 1`,
    );
    return Number(reader.getRowObjects()[0]?.n ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface MaintenanceBench {
  readonly json: Record<string, number>;
  readonly lines: readonly string[];
}

export async function maintenanceBench(work: string, log: (text: string) => void): Promise<MaintenanceBench> {
  const start = Date.UTC(2026, 8, 1);
  log(
    `Maintenance: simulating ${MONTH.days} days of traffic (${MONTH.events.toLocaleString('en-US')} events in ${MONTH.days * MONTH.batchesPerDay} batches) …`,
  );
  const bodies = generateTerm({ events: MONTH.events, seed: 2027, window: { start, days: MONTH.days } });
  const lake = join(work, 'month');
  const store = new LocalStore(lake);
  const batches = MONTH.days * MONTH.batchesPerDay;
  const perBatch = Math.ceil(bodies.length / batches);
  let tableFiles = 0;
  for (let b = 0; b < batches; b++) {
    const messages: InboundMessage[] = bodies
      .slice(b * perBatch, (b + 1) * perBatch)
      .map((body, i) => ({ messageId: `m-${b}-${i}`, body }));
    if (messages.length === 0) break;
    // Each batch arrives at the end of its slice of the month.
    const result = await ingestBatch(
      messages,
      store,
      { prefix: '', format: 'parquet' },
      start + ((b + 1) * 86_400_000) / MONTH.batchesPerDay,
    );
    tableFiles += result.files.filter((f) => f.kind === 'table').length;
  }
  const filesPerBatch = tableFiles / batches;
  // A real batch at 1 M events a day holds 1 M / (batches a day) events: count the (table, day) files
  // such batches write, on consecutive slices of the same traffic.
  const realBatchEvents = Math.round(MONTH.eventsPerDay / MONTH.realBatchesPerDay);
  const realBatchFiles: number[] = [];
  for (let sample = 0; sample < 20; sample++) {
    const from = Math.floor((sample * (bodies.length - realBatchEvents)) / 20);
    const groups = new Set<string>();
    for (const body of bodies.slice(from, from + realBatchEvents)) {
      for (const row of decodeMessage(body, undefined, { ingestedAt: 0 }).rows)
        groups.add(`${row.table}/${row.dt}`);
    }
    realBatchFiles.push(groups.size);
  }
  const filesPerRealBatch = realBatchFiles.reduce((a, b) => a + b, 0) / realBatchFiles.length;
  const from = '2026-08-25';
  const to = '2026-10-05';

  log('Maintenance: enrollment_provenance on DuckDB before compaction …');
  const before = await provenanceMs(lake, from, to);
  log('Maintenance: compacting the month …');
  const counting = new MaintenanceStore(store);
  const compactStart = performance.now();
  const summary = await compactLake(
    counting,
    config(),
    { to },
    {
      requestId: 'bench',
      functionName: 'bench',
      now: () => Date.UTC(2026, 9, 10),
      clock: () => performance.now(),
      stateTransitions: 2,
    },
  );
  const compactMs = performance.now() - compactStart;
  log('Maintenance: enrollment_provenance on DuckDB after compaction …');
  const after = await provenanceMs(lake, from, to);

  // Per-row and per-file compute, and the memory model, measured on partitions built for it (fresh processes).
  log('Maintenance: per-row and per-file cost, and memory, of compacting one partition …');
  // Per row: a partition of 200,000 rows in 100 files; per file: 20,000 rows in 2,000 files, less their rows.
  const fewFiles = makePartition(work, 200_000, 100);
  const tinyFiles = makePartition(work, 20_000, 2000);
  const manyFiles = makePartition(work, 200_000, 400);
  const bigger = makePartition(work, 400_000, 800);
  const few = compactCopy(fewFiles, 256, 1024);
  const tiny = compactCopy(tinyFiles, 256, 1024);
  const msPerRow = few.ms / few.rows;
  const msPerFile = Math.max(0, (tiny.ms - tiny.rows * msPerRow) / tiny.files);
  // Split into small parts and without the input cache, memory grows only with the keys of pass 1: the
  // slope between two sizes is the bytes per row; what is left is the row group being written and the runtime.
  const split200 = compactCopy(manyFiles, 8, 0);
  const split400 = compactCopy(bigger, 8, 0);
  const keyBytesPerRow = ((split400.maxRssMb - split200.maxRssMb) * MB) / (split400.rows - split200.rows);
  const fixedMb = split200.maxRssMb - (split200.rows * keyBytesPerRow) / MB;
  const parquetBytesPerRow = few.bytes / few.rows;
  // 10 GB, less the fixed part, the input cache (1 GB) and one output part (256 MB, twice while its buffer grows).
  const memoryBudgetMb = LAMBDA_LIMIT.memoryMb - fixedMb - 1024 - 512;
  // The same at the default memory (its cache is a quarter of it).
  const defaultMaxRows = Math.floor(
    ((MAINTENANCE_MEMORY_MB - fixedMb - MAINTENANCE_MEMORY_MB / 4 - 512) * MB) / keyBytesPerRow,
  );
  const maxRowsByMemory = Math.floor((memoryBudgetMb * MB) / keyBytesPerRow);
  const maxRowsByTime = Math.floor((LAMBDA_LIMIT.seconds * 1000 * 0.9) / msPerRow);
  const maxRows = Math.min(maxRowsByMemory, maxRowsByTime);

  // A real month: the same partitions and rows; the files of the real batch count.
  const realEvents = MONTH.days * MONTH.eventsPerDay;
  const realRows = (summary.rows_before / MONTH.events) * realEvents;
  const realFiles = filesPerRealBatch * MONTH.realBatchesPerDay * MONTH.days;
  const partitions = summary.partitions_compacted;
  const p = DEFAULT_PRICES;
  // On S3 each input file is a GET of tens of ms; compaction keeps 16 in flight, so each costs about
  // S3_GET_MS / 16 of billed time on top of what reading it from disk cost here (an assumption, not measured).
  const computeSeconds = (realRows * msPerRow + realFiles * (msPerFile + S3_GET_MS / 16)) / 1000;
  const realUsd =
    computeSeconds * (MAINTENANCE_MEMORY_MB / 1024) * p.lambdaGbSecond.arm64 +
    partitions *
      (p.lambdaRequest +
        2 * p.s3Put /* output + cost record */ +
        p.s3Get /* verify */ +
        p.s3Put /* LIST */ +
        2 * p.stepFunctionsTransition) +
    realFiles * p.s3Get +
    Math.ceil(realFiles / 1000) * p.s3Put; /* the planner's LIST */
  const usdPerMillion = (realUsd / realEvents) * 1e6;
  const rowBytesAtMonthEnd = summary.bytes_after / summary.rows_after;
  // The largest (table, day) at the real rate: the simulated one × (1 M events a day ÷ simulated events a day).
  const biggestDay = Math.round(
    (await largestPartition(lake)) * ((MONTH.eventsPerDay * MONTH.days) / MONTH.events),
  );

  const json = {
    month_events_simulated: MONTH.events,
    month_table_files_before: summary.files_before,
    month_table_files_before_real: Math.round(realFiles),
    table_files_per_real_batch: Number(filesPerRealBatch.toFixed(1)),
    month_table_files_after: summary.files_after,
    month_partitions: summary.partitions,
    month_duplicates_removed: summary.duplicates_removed,
    enrollment_provenance_ms_before: Math.round(before),
    enrollment_provenance_ms_after: Math.round(after),
    compaction_seconds_simulated_month: Number((compactMs / 1000).toFixed(1)),
    compaction_usd_per_million_events: Number(usdPerMillion.toFixed(5)),
    compaction_ms_per_million_rows: Math.round(msPerRow * 1e6),
    compaction_ms_per_file: Number(msPerFile.toFixed(2)),
    compaction_key_bytes_per_row: Math.round(keyBytesPerRow),
    compaction_fixed_memory_mb: Math.round(fixedMb),
    compaction_peak_rss_mb_400k_rows: Math.round(split400.maxRssMb),
    compaction_max_partition_rows_10gb: maxRows,
    compaction_max_partition_gb_10gb: Number(((maxRows * parquetBytesPerRow) / 1024 ** 3).toFixed(1)),
    compaction_max_partition_rows_default_memory: Math.min(defaultMaxRows, maxRowsByTime),
    month_largest_partition_rows_per_day: biggestDay,
  };
  const line = (label: string, value: string) => `  ${label.padEnd(52)} ${value}`;
  const lines = [
    `  Maintenance: a month at ${(MONTH.eventsPerDay / 1e6).toFixed(0)} M events/day, simulated with ${MONTH.events.toLocaleString('en-US')} events in ${batches} batches (${MONTH.batchesPerDay}/day, ${filesPerBatch.toFixed(1)} table files per batch; a real day has ${MONTH.realBatchesPerDay} batches of ${realBatchEvents} events, ${filesPerRealBatch.toFixed(1)} files each):`,
    line('  table files before compaction (simulated)', `${summary.files_before.toLocaleString('en-US')}`),
    line(
      `  … a real month (${MONTH.realBatchesPerDay.toLocaleString('en-US')} batches a day)`,
      `${Math.round(realFiles).toLocaleString('en-US')}`,
    ),
    line(
      '  table files after compaction',
      `${summary.files_after.toLocaleString('en-US')} (${summary.partitions} partitions; duplicates removed: ${summary.duplicates_removed})`,
    ),
    line(
      '  enrollment_provenance on DuckDB, before → after',
      `${Math.round(before)} ms → ${Math.round(after)} ms (simulated lake)`,
    ),
    line('  compacting the simulated month (one process)', `${(compactMs / 1000).toFixed(1)} s`),
    line(
      '  compute: per million rows / per input file',
      `${Math.round(msPerRow * 1e6).toLocaleString('en-US')} ms / ${msPerFile.toFixed(2)} ms`,
    ),
    line(
      '  compaction USD per million events (real month)',
      `$${usdPerMillion.toFixed(5)} (Lambda arm64 ${MAINTENANCE_MEMORY_MB} MB, a GET per file at ${S3_GET_MS} ms, state transitions)`,
    ),
    line(
      '  memory: per row of the partition, plus fixed',
      `${Math.round(keyBytesPerRow)} B + ${Math.round(fixedMb)} MB (Parquet: ${Math.round(parquetBytesPerRow)} B/row)`,
    ),
    line(
      '  largest partition one 10 GB Lambda compacts',
      `${(maxRows / 1e6).toFixed(1)} M rows, ~${json.compaction_max_partition_gb_10gb} GB of Parquet (${maxRowsByTime < maxRowsByMemory ? 'bound by the 15-minute timeout' : 'bound by memory'})`,
    ),
    line(
      `  largest partition at the default ${MAINTENANCE_MEMORY_MB} MB`,
      `${(Math.min(defaultMaxRows, maxRowsByTime) / 1e6).toFixed(1)} M rows`,
    ),
    line(
      '  largest partition at 1 M events/day',
      `${biggestDay.toLocaleString('en-US')} rows (${Math.round(rowBytesAtMonthEnd)} B/row compacted, all tables)`,
    ),
  ];
  return { json, lines };
}
