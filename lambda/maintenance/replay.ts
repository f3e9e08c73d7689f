import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { EVENT_TABLES, eventTableSpec } from '../contract/columns.js';
import { decodeMessage } from '../contract/decode.js';
import { parseCanvasTime, utcDate } from '../contract/time.js';
import type { MessageAttributes, QuarantineRecord } from '../contract/types.js';
import { type MaintenanceKind, type MaintenanceStats, maintenanceCostRecordFor } from '../cost/record.js';
import { lakeFormat, type RowValues } from '../lake/formats/index.js';
import { LAKE_PREFIXES } from '../lake/layout.js';
import { type LakeStore, MaintenanceStore, type StoredObject } from '../lake/store.js';
import { type InboundMessage, quarantineFile } from '../pipeline/ingest.js';
import {
  invocationFacts,
  type MaintenanceConfig,
  type MaintenanceContext,
  type MaintenanceStores,
} from './config.js';
import {
  addDays,
  closedThrough,
  groupPartitions,
  maintenanceFolder,
  prefixOf,
  replayFolder,
  tablesFolder,
} from './layout.js';
import { markerFolder, markReplayStarted } from './marker.js';
import { type PartitionResult, rewritePartition } from './rewrite.js';

/** Rows buffered by a derive step before they are staged (bounds its memory; a raw day is about 1 M events). */
const FLUSH_ROWS = 100_000;

export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

export interface ReplayRequest {
  /** First event date, inclusive (default: the whole lake). */
  readonly from?: string;
  /** Last event date, inclusive (default and maximum: today minus the grace period). */
  readonly to?: string;
  readonly latenessDays?: number;
}

/** What a replay will do: the event dates asked for and the closed raw dates it reads (S). */
export interface ReplayPlan {
  readonly run: string;
  readonly from: string | null;
  readonly to: string;
  /** S = [rawFrom, rawTo]: every raw object of these ingest dates is re-derived. */
  readonly rawFrom: string;
  readonly rawTo: string;
  /** Raw dates in S that hold objects. */
  readonly rawDates: readonly string[];
}

const rawFolder = (prefix: string, dt: string) => `${prefixOf(prefix)}${LAKE_PREFIXES.raw}/dt=${dt}/`;
const quarantineFolder = (prefix: string, dt: string) =>
  `${prefixOf(prefix)}${LAKE_PREFIXES.quarantine}/dt=${dt}/`;
const stagedDayFolder = (prefix: string, run: string, raw: string) => `${replayFolder(prefix, run)}${raw}/`;
const doneMarker = (prefix: string, run: string, raw: string) =>
  `${replayFolder(prefix, run)}_done/${raw}.json`;
const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);
const DT_FOLDER = /\/dt=(\d{4}-\d{2}-\d{2})\//;

/** The ingest dates of the raw archive, from a listing of raw/. */
async function rawDatesOf(store: MaintenanceStore, prefix: string): Promise<string[]> {
  const dates = new Set<string>();
  for (const object of await store.listAll(`${prefixOf(prefix)}${LAKE_PREFIXES.raw}/`)) {
    const match = DT_FOLDER.exec(object.key);
    if (match?.[1] !== undefined) dates.add(match[1]);
  }
  return [...dates].sort();
}

/**
 * Plans a replay of event dates [from, to]: S = [from − 1, min(to + lateness, today − grace)] (see
 * docs/maintenance.md). The run id is derived from the request and S, so the same replay on the same day
 * resumes where it stopped.
 */
export async function planReplay(
  stores: { lake: MaintenanceStore; restricted: MaintenanceStore },
  config: MaintenanceConfig,
  request: ReplayRequest,
  now: number,
): Promise<ReplayPlan> {
  const closed = closedThrough(now, config.graceDays);
  const to = request.to ?? closed;
  if (to > closed) {
    throw new ReplayError(
      `--to ${to} is not closed yet: a replay reads raw dates up to today minus the grace period (${closed})`,
    );
  }
  if (request.from !== undefined && request.from > to)
    throw new ReplayError(`--from ${request.from} is after --to ${to}`);
  const lateness = request.latenessDays ?? config.latenessDays;
  const existing = await rawDatesOf(stores.restricted, config.prefix);
  const rawFrom = request.from !== undefined ? addDays(request.from, -1) : (existing[0] ?? to);
  const laterBound = addDays(to, lateness);
  const rawTo = laterBound < closed ? laterBound : closed;
  const rawDates = existing.filter((d) => d >= rawFrom && d <= rawTo);
  const id = createHash('sha256')
    .update(JSON.stringify([request.from ?? null, to, rawFrom, rawTo, config.prefix]))
    .digest('hex')
    .slice(0, 12);
  return { run: `replay-${to}-${id}`, from: request.from ?? null, to, rawFrom, rawTo, rawDates };
}

interface RawRecord {
  readonly message_id: string;
  readonly ingested_at: string;
  readonly message_attributes: string | null;
  readonly body: string;
}

/** The messages of one raw archive file, each with the clock of the batch that received it. */
function rawMessages(bytes: Uint8Array, key: string): { message: InboundMessage; ingestedAt: number }[] {
  const out: { message: InboundMessage; ingestedAt: number }[] = [];
  for (const line of gunzipSync(bytes).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as RawRecord;
    const ingestedAt = parseCanvasTime(record.ingested_at);
    if (ingestedAt === null)
      throw new ReplayError(`${key}: message ${record.message_id} has no readable ingested_at`);
    const attributes =
      record.message_attributes === null
        ? undefined
        : (JSON.parse(record.message_attributes) as MessageAttributes);
    out.push({
      message: { messageId: record.message_id, body: record.body, ...(attributes ? { attributes } : {}) },
      ingestedAt,
    });
  }
  return out;
}

export interface StepStats {
  readonly kind: MaintenanceKind;
  readonly workItem: string;
  messages: number;
  events: number;
  rows: number;
  quarantined: number;
  duplicates: number;
  readonly tableRows: Record<string, number>;
}

const stepStats = (kind: MaintenanceKind, workItem: string): StepStats => ({
  kind,
  workItem,
  messages: 0,
  events: 0,
  rows: 0,
  quarantined: 0,
  duplicates: 0,
  tableRows: {},
});

/** Writes an invocation's cost record beside the ingest's; returns its estimated USD. */
async function recordCost(
  lake: LakeStore,
  stores: readonly MaintenanceStore[],
  stats: StepStats,
  config: MaintenanceConfig,
  context: MaintenanceContext,
  startedAt: number,
  durationMs: number,
): Promise<number> {
  const sum = (f: (s: MaintenanceStore) => number) => stores.reduce((n, s) => n + f(s), 0);
  const usage: MaintenanceStats = {
    kind: stats.kind,
    workItem: stats.workItem,
    rowsWritten: stats.rows,
    duplicates: stats.duplicates,
    messages: stats.messages,
    events: stats.events,
    quarantined: stats.quarantined,
    filesWritten: sum((s) => s.counts.puts),
    bytesWritten: sum((s) => s.counts.bytesWritten),
    bytesRead: sum((s) => s.counts.bytesRead),
    s3Gets: sum((s) => s.counts.gets),
    s3Puts: sum((s) => s.counts.puts),
    s3Lists: sum((s) => s.counts.lists),
    s3Deletes: sum((s) => s.counts.deletes),
    stateTransitions: context.stateTransitions,
    tableRows: stats.tableRows,
  };
  const record = maintenanceCostRecordFor(
    invocationFacts(context, config, startedAt, durationMs),
    usage,
    config.prices,
    config.prefix,
  );
  try {
    await lake.put(record.key, record.body, 'application/x-ndjson');
  } catch {
    // The step's work is done and durable; a missing cost record is the only loss.
  }
  return record.cost.totalUsd;
}

export interface DeriveResult extends StepStats {
  readonly skipped: boolean;
  readonly stagedFiles: number;
  readonly usd: number;
}

/**
 * Step 1 of a replay, for one raw date: decode every archived message with today's contract (with its
 * original ingested_at) and stage the rows, by (table, dt), and the quarantine files, as the ingest would
 * write them. Nothing visible changes. A raw date already derived by this run is skipped.
 */
export async function deriveRawDate(
  stores: MaintenanceStores,
  config: MaintenanceConfig,
  plan: Pick<ReplayPlan, 'run' | 'from' | 'to'>,
  rawDate: string,
  context: MaintenanceContext,
): Promise<DeriveResult> {
  const startedAt = context.now();
  const start = context.clock();
  const lake = new MaintenanceStore(stores.lake);
  const restricted = new MaintenanceStore(stores.restricted);
  const stats = stepStats('replay_derive', `raw/dt=${rawDate}`);
  const marker = doneMarker(config.prefix, plan.run, rawDate);
  if ((await lake.listAll(marker)).some((o) => o.key === marker)) {
    return { ...stats, skipped: true, stagedFiles: 0, usd: 0 };
  }
  // Leftovers of an attempt that crashed: this step stages everything again.
  const folder = stagedDayFolder(config.prefix, plan.run, rawDate);
  for (const store of [lake, restricted]) {
    const leftovers = (await store.listAll(folder)).map((o) => o.key);
    if (leftovers.length > 0) await store.delete(leftovers);
  }

  const parquet = lakeFormat('parquet');
  const groups = new Map<string, { table: string; dt: string; rows: RowValues[] }>();
  let buffered = 0;
  let sequence = 0;
  let stagedFiles = 0;
  const flush = async () => {
    for (const group of groups.values()) {
      const key = `${folder}tables/${group.table}/dt=${group.dt}/${String(sequence).padStart(6, '0')}${parquet.extension}`;
      await lake.put(
        key,
        await parquet.encode(eventTableSpec(group.table).columns, group.rows),
        parquet.contentType,
      );
      stagedFiles++;
    }
    groups.clear();
    buffered = 0;
    sequence++;
  };
  const rawObjects = await restricted.listAll(rawFolder(config.prefix, rawDate));
  for (const object of rawObjects) {
    const messages = rawMessages(await restricted.get(object.key), object.key);
    const quarantined: { message: InboundMessage; record: QuarantineRecord }[] = [];
    for (const { message, ingestedAt } of messages) {
      const result = decodeMessage(message.body, message.attributes, {
        ingestedAt,
        integrations: config.integrations,
      });
      stats.messages++;
      stats.events += result.rows.length + result.quarantined.length;
      for (const record of result.quarantined) quarantined.push({ message, record });
      for (const row of result.rows) {
        const { dt } = row;
        const id = `${row.table}/${dt}`;
        let group = groups.get(id);
        if (group === undefined) {
          group = { table: row.table, dt, rows: [] };
          groups.set(id, group);
        }
        group.rows.push(row.values);
        stats.rows++;
        stats.tableRows[row.table] = (stats.tableRows[row.table] ?? 0) + 1;
        buffered++;
      }
    }
    if (quarantined.length > 0) {
      // The batch's clock is its raw file's: every message of a raw file shares one ingested_at.
      const ingestedAt = messages[0]?.ingestedAt ?? startedAt;
      const file = quarantineFile(quarantined, config.prefix, rawDate, ingestedAt);
      await restricted.put(
        `${folder}quarantine/${baseName(file.key)}`,
        await file.encode(),
        file.contentType,
      );
      stats.quarantined += quarantined.length;
      stagedFiles++;
    }
    if (buffered >= FLUSH_ROWS) await flush();
  }
  if (groups.size > 0) await flush();
  await lake.put(
    marker,
    new TextEncoder().encode(JSON.stringify({ rawDate, rawObjects: rawObjects.length, ...stats })),
    'application/json',
  );
  const usd = await recordCost(
    stores.lake,
    [lake, restricted],
    stats,
    config,
    context,
    startedAt,
    context.clock() - start,
  );
  return { ...stats, skipped: false, stagedFiles, usd };
}

/** One partition a replay rewrites, with the staged files of re-derived rows it folds in. */
export interface RewriteItem {
  readonly table: string;
  readonly dt: string;
  readonly staged: readonly StoredObject[];
}

/**
 * Step 2's plan: every partition on the dates the replay covers ([from, to] and every date a re-derived row
 * lands on), for every table with files or re-derived rows there. Refuses to plan while a raw date of S has
 * not been derived (a rewrite must never run on half-derived data).
 */
export async function planRewrites(
  stores: { lake: MaintenanceStore },
  config: MaintenanceConfig,
  plan: ReplayPlan,
): Promise<RewriteItem[]> {
  const folder = replayFolder(config.prefix, plan.run);
  const staged = new Map<string, { table: string; dt: string; staged: StoredObject[] }>();
  const done = new Set<string>();
  const STAGED_TABLE = /^(\d{4}-\d{2}-\d{2})\/tables\/([A-Za-z0-9_]+)\/dt=(\d{4}-\d{2}-\d{2})\/[^/]+$/;
  for (const object of await stores.lake.listAll(folder)) {
    const rest = object.key.slice(folder.length);
    if (rest.startsWith('_done/')) {
      done.add(rest.slice('_done/'.length, -'.json'.length));
      continue;
    }
    const match = STAGED_TABLE.exec(rest);
    if (match === null) continue;
    const [, , table, dt] = match as unknown as [string, string, string, string];
    const id = `${table}/${dt}`;
    let item = staged.get(id);
    if (item === undefined) {
      item = { table, dt, staged: [] };
      staged.set(id, item);
    }
    item.staged.push(object);
  }
  const missing = plan.rawDates.filter((d) => !done.has(d));
  if (missing.length > 0) {
    throw new ReplayError(
      `raw date(s) not derived yet: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}; derive them before rewriting`,
    );
  }
  const dates = new Set([...staged.values()].map((s) => s.dt));
  const inRange = (dt: string) => dt <= plan.to && (plan.from === null || dt >= plan.from);
  const known = new Set(EVENT_TABLES.map((t) => t.name));
  const items = new Map<string, RewriteItem>(staged);
  for (const partition of groupPartitions(
    config.prefix,
    await stores.lake.listAll(tablesFolder(config.prefix)),
  )) {
    if (!known.has(partition.table) || !(inRange(partition.dt) || dates.has(partition.dt))) continue;
    const id = `${partition.table}/${partition.dt}`;
    if (!items.has(id)) items.set(id, { table: partition.table, dt: partition.dt, staged: [] });
  }
  return [...items.values()].sort((a, b) =>
    a.table === b.table ? a.dt.localeCompare(b.dt) : a.table.localeCompare(b.table),
  );
}

export interface RewriteStepResult {
  readonly result: PartitionResult;
  /** Live rows kept because their raw date is outside S (in partitions of [from, to]), by raw date. */
  readonly outsideWindow: Readonly<Record<string, number>>;
  readonly usd: number;
}

/**
 * Step 2, for one partition: supersede the live rows whose raw date is in S, fold in the re-derived rows,
 * compact, verify, delete the live files read. Staged files stay until the replay finishes (a retried step
 * must find them again).
 */
export async function rewriteForReplay(
  lake: LakeStore,
  config: MaintenanceConfig,
  plan: Pick<ReplayPlan, 'from' | 'to' | 'rawFrom' | 'rawTo'>,
  item: RewriteItem,
  context: MaintenanceContext,
): Promise<RewriteStepResult> {
  const startedAt = context.now();
  const start = context.clock();
  const store = new MaintenanceStore(lake);
  const reportOutside = item.dt <= plan.to && (plan.from === null || item.dt >= plan.from);
  const outsideWindow: Record<string, number> = {};
  const result = await rewritePartition(
    store,
    {
      table: item.table,
      dt: item.dt,
      staged: item.staged,
      keepStaged: true,
      supersedes: (_id, ingestedAt) => {
        const raw = utcDate(ingestedAt);
        if (raw >= plan.rawFrom && raw <= plan.rawTo) return true;
        if (reportOutside) outsideWindow[raw] = (outsideWindow[raw] ?? 0) + 1;
        return false;
      },
    },
    config,
  );
  const stats = stepStats('replay_rewrite', `${item.table}/dt=${item.dt}`);
  stats.rows = result.rowsAfter;
  stats.duplicates = result.duplicatesRemoved;
  if (result.rowsAfter > 0) stats.tableRows[item.table] = result.rowsAfter;
  const usd = await recordCost(lake, [store], stats, config, context, startedAt, context.clock() - start);
  return { result, outsideWindow, usd };
}

export interface QuarantineStepResult {
  readonly rawDate: string;
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly usd: number;
}

/** Step 3, for one raw date: the staged quarantine files replace that date's quarantine. */
export async function publishQuarantine(
  stores: MaintenanceStores,
  config: MaintenanceConfig,
  plan: Pick<ReplayPlan, 'run'>,
  rawDate: string,
  context: MaintenanceContext,
): Promise<QuarantineStepResult> {
  const startedAt = context.now();
  const start = context.clock();
  const restricted = new MaintenanceStore(stores.restricted);
  const staged = await restricted.listAll(`${stagedDayFolder(config.prefix, plan.run, rawDate)}quarantine/`);
  const live = await restricted.listAll(quarantineFolder(config.prefix, rawDate));
  const published = new Set<string>();
  for (const object of staged) {
    const key = `${quarantineFolder(config.prefix, rawDate)}${baseName(object.key)}`;
    published.add(key);
    await restricted.put(key, await restricted.get(object.key), 'application/gzip');
  }
  const stale = live.map((o) => o.key).filter((k) => !published.has(k));
  if (stale.length > 0) await restricted.delete(stale);
  const stats = stepStats('replay_quarantine', `quarantine/dt=${rawDate}`);
  const usd = await recordCost(
    stores.lake,
    [restricted],
    stats,
    config,
    context,
    startedAt,
    context.clock() - start,
  );
  return { rawDate, filesBefore: live.length, filesAfter: published.size, usd };
}

/** Step 4: the run's staging, done markers, plans and in-progress marker go (only what is listed). */
export async function finishReplay(
  stores: MaintenanceStores,
  config: MaintenanceConfig,
  plan: Pick<ReplayPlan, 'run'>,
): Promise<void> {
  const lake = new MaintenanceStore(stores.lake);
  const restricted = new MaintenanceStore(stores.restricted);
  const folder = replayFolder(config.prefix, plan.run);
  const deleteAll = async (store: MaintenanceStore, objects: readonly StoredObject[]) => {
    if (objects.length > 0) await store.delete(objects.map((o) => o.key));
  };
  // Done markers first: should this step crash half way, a re-run derives again every raw date whose
  // marker is gone, and no rewrite ever runs on a raw date whose staged rows were deleted.
  const staged = await lake.listAll(folder);
  await deleteAll(
    lake,
    staged.filter((o) => o.key.startsWith(`${folder}_done/`)),
  );
  await deleteAll(
    lake,
    staged.filter((o) => !o.key.startsWith(`${folder}_done/`)),
  );
  await deleteAll(restricted, await restricted.listAll(folder));
  await deleteAll(lake, await lake.listAll(`${maintenanceFolder(config.prefix)}plans/${plan.run}/`));
  await deleteAll(
    lake,
    (await lake.listAll(markerFolder(config.prefix))).filter((o) => o.key.endsWith(`-${plan.run}.json`)),
  );
}

/** The `--json` summary of `canvas-lake replay`. */
export interface ReplaySummary {
  readonly run: string;
  readonly from: string | null;
  readonly to: string;
  readonly raw_from: string;
  readonly raw_to: string;
  raw_dates: number;
  messages: number;
  events: number;
  rows_derived: number;
  quarantined: number;
  partitions: number;
  files_before: number;
  files_after: number;
  rows_before: number;
  rows_superseded: number;
  rows_after: number;
  duplicates_removed: number;
  rows_outside_window: number;
  raw_dates_outside_window: string[];
  quarantine_files_before: number;
  quarantine_files_after: number;
  usd: number;
}

/** `canvas-lake replay`: the four steps in order, each item as one invocation would run it on AWS. */
export async function replayLake(
  stores: MaintenanceStores,
  config: MaintenanceConfig,
  request: ReplayRequest,
  context: MaintenanceContext,
): Promise<ReplaySummary> {
  const lake = new MaintenanceStore(stores.lake);
  const plan = await planReplay(
    { lake, restricted: new MaintenanceStore(stores.restricted) },
    config,
    request,
    context.now(),
  );
  if (plan.rawDates.length === 0) {
    throw new ReplayError(
      `no closed raw dates between ${plan.rawFrom} and ${plan.rawTo}: nothing to re-derive (the raw archive is partitioned by ingest date; dates after today minus the grace period are still open)`,
    );
  }
  await markReplayStarted(lake, config.prefix, plan.run, context.now());
  const summary: ReplaySummary = {
    run: plan.run,
    from: plan.from,
    to: plan.to,
    raw_from: plan.rawFrom,
    raw_to: plan.rawTo,
    raw_dates: plan.rawDates.length,
    messages: 0,
    events: 0,
    rows_derived: 0,
    quarantined: 0,
    partitions: 0,
    files_before: 0,
    files_after: 0,
    rows_before: 0,
    rows_superseded: 0,
    rows_after: 0,
    duplicates_removed: 0,
    rows_outside_window: 0,
    raw_dates_outside_window: [],
    quarantine_files_before: 0,
    quarantine_files_after: 0,
    usd: 0,
  };
  const item = (name: string) => ({ ...context, requestId: `${context.requestId}-${name}` });
  for (const rawDate of plan.rawDates) {
    const derived = await deriveRawDate(stores, config, plan, rawDate, item(`derive-${rawDate}`));
    summary.messages += derived.messages;
    summary.events += derived.events;
    summary.rows_derived += derived.rows;
    summary.quarantined += derived.quarantined;
    summary.usd += derived.usd;
  }
  const outside = new Map<string, number>();
  for (const rewrite of await planRewrites({ lake }, config, plan)) {
    const step = await rewriteForReplay(
      stores.lake,
      config,
      plan,
      rewrite,
      item(`rewrite-${rewrite.table}-${rewrite.dt}`),
    );
    const r = step.result;
    summary.partitions++;
    summary.files_before += r.filesBefore;
    summary.files_after += r.filesAfter;
    summary.rows_before += r.rowsBefore;
    summary.rows_superseded += r.rowsSuperseded;
    summary.rows_after += r.rowsAfter;
    summary.duplicates_removed += r.duplicatesRemoved;
    summary.usd += step.usd;
    for (const [raw, n] of Object.entries(step.outsideWindow)) outside.set(raw, (outside.get(raw) ?? 0) + n);
  }
  summary.rows_outside_window = [...outside.values()].reduce((a, b) => a + b, 0);
  summary.raw_dates_outside_window = [...outside.keys()].sort();
  for (const rawDate of plan.rawDates) {
    const published = await publishQuarantine(stores, config, plan, rawDate, item(`quarantine-${rawDate}`));
    summary.quarantine_files_before += published.filesBefore;
    summary.quarantine_files_after += published.filesAfter;
    summary.usd += published.usd;
  }
  await finishReplay(stores, config, plan);
  return summary;
}
