import { createHash } from 'node:crypto';
import type { ColumnSpec } from '../contract/columns.js';
import { utcDate } from '../contract/time.js';
import { formatOfKey, type LakeFormat } from '../lake/formats/index.js';
import { LAKE_PREFIXES } from '../lake/layout.js';
import type { StoredObject } from '../lake/store.js';

/**
 * Where maintenance finds and puts things, in the same layout as the ingest (see lake/layout.ts):
 *
 *   tables/<table>/dt=<dt>/compacted-<spec>-<content>-<i>-<n><ext>   a compacted partition: n files
 *   maintenance/plans/<run>/<stage>.jsonl                              work lists the state machine maps over
 *   maintenance/replay/<run>/tables/<table>/dt=<dt>/<raw id><ext>      rows a replay re-derived, not yet published
 *   maintenance/replay/<run>/quarantine/dt=<dt>.ndjson.gz              quarantine a replay re-derived (restricted store)
 */
export const MAINTENANCE_FOLDER = 'maintenance';

const join = (...parts: string[]) => parts.filter((p) => p !== '').join('/');

/** Key prefix of the lake (`''` or `lake/`, always ending in `/` when set). */
export const prefixOf = (lakePrefix: string) =>
  lakePrefix === '' ? '' : `${lakePrefix.replace(/\/+$/, '')}/`;

export const tablesFolder = (lakePrefix: string) => `${prefixOf(lakePrefix)}${LAKE_PREFIXES.tables}/`;

export const partitionFolder = (lakePrefix: string, table: string, dt: string) =>
  `${tablesFolder(lakePrefix)}${table}/dt=${dt}/`;

export const maintenanceFolder = (lakePrefix: string) => `${prefixOf(lakePrefix)}${MAINTENANCE_FOLDER}/`;

export const planKey = (lakePrefix: string, run: string, stage: string) =>
  join(`${maintenanceFolder(lakePrefix)}plans`, run, `${stage}.jsonl`);

export const replayFolder = (lakePrefix: string, run: string) =>
  `${maintenanceFolder(lakePrefix)}replay/${run}/`;

export const stagedPartitionFolder = (lakePrefix: string, run: string, table: string, dt: string) =>
  `${replayFolder(lakePrefix, run)}tables/${table}/dt=${dt}/`;

export const stagedQuarantineKey = (lakePrefix: string, run: string, dt: string) =>
  `${replayFolder(lakePrefix, run)}quarantine/dt=${dt}.ndjson.gz`;

/** A (table, dt) partition of an event table. */
export interface Partition {
  readonly table: string;
  readonly dt: string;
}

export interface PartitionFiles extends Partition {
  /** Table files (of any lake format) in the partition folder, in key order. */
  readonly files: readonly StoredObject[];
}

const PARTITION_KEY = /^([A-Za-z0-9_]+)\/dt=(\d{4}-\d{2}-\d{2})\/([^/]+)$/;

/**
 * Groups a listing of `tables/` into partitions. Only files a lake format writes count; anything else in a
 * partition folder (a `_SUCCESS` marker, a file someone copied there) is not the lake's and is left alone.
 */
export function groupPartitions(lakePrefix: string, objects: Iterable<StoredObject>): PartitionFiles[] {
  const root = tablesFolder(lakePrefix);
  const byPartition = new Map<string, { table: string; dt: string; files: StoredObject[] }>();
  for (const object of objects) {
    if (!object.key.startsWith(root)) continue;
    const match = PARTITION_KEY.exec(object.key.slice(root.length));
    if (match === null || formatOfKey(object.key) === undefined) continue;
    const [, table, dt] = match as unknown as [string, string, string];
    const id = `${table}/${dt}`;
    let partition = byPartition.get(id);
    if (partition === undefined) {
      partition = { table, dt, files: [] };
      byPartition.set(id, partition);
    }
    partition.files.push(object);
  }
  return [...byPartition.values()].sort((a, b) =>
    a.table === b.table ? a.dt.localeCompare(b.dt) : a.table.localeCompare(b.table),
  );
}

/**
 * Compacted files name what they are: the spec fingerprint they were written with, the content id of their
 * event ids (the same rows always get the same name), and their part number. A partition is compacted when
 * its files are exactly one complete set of such parts, of the current spec and format: that is decided
 * from a listing alone, with no GET and no PUT.
 */
const COMPACTED_NAME = /^compacted-([0-9a-f]{12})-([0-9a-f]{32})-(\d+)-(\d+)(\.[a-z0-9.]+)$/;

export const compactedFileName = (
  fingerprint: string,
  content: string,
  part: number,
  parts: number,
  format: LakeFormat,
) => `compacted-${fingerprint}-${content}-${part}-${parts}${format.extension}`;

export interface CompactedName {
  readonly fingerprint: string;
  readonly content: string;
  readonly part: number;
  readonly parts: number;
  readonly extension: string;
}

export function parseCompactedName(key: string): CompactedName | null {
  const match = COMPACTED_NAME.exec(key.slice(key.lastIndexOf('/') + 1));
  if (match === null) return null;
  const [, fingerprint, content, part, parts, extension] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { fingerprint, content, part: Number(part), parts: Number(parts), extension };
}

/**
 * Version of what compaction guarantees about its output (dedup rule, sort order, file naming). Raising it
 * makes the next run rewrite every partition once.
 */
export const COMPACTION_LAYOUT_VERSION = 1;

/** 12 hex characters that change when a table's columns (name, type, nullability, order) or the layout change. */
export function specFingerprint(columns: readonly ColumnSpec[]): string {
  const hash = createHash('sha256').update(`v${COMPACTION_LAYOUT_VERSION}\n`);
  for (const c of columns) hash.update(`${c.name}:${c.type}:${c.nullable ? 'null' : 'required'}\n`);
  return hash.digest('hex').slice(0, 12);
}

/** True when the partition's files are one complete compacted set of this spec and format. */
export function isCompacted(
  files: readonly StoredObject[],
  fingerprint: string,
  format: LakeFormat,
): boolean {
  if (files.length === 0) return false;
  const names = files.map((f) => parseCompactedName(f.key));
  const first = names[0];
  if (first === null || first === undefined) return false;
  const parts = new Set<number>();
  for (const name of names) {
    if (name === null || name.fingerprint !== fingerprint || name.extension !== format.extension)
      return false;
    if (name.content !== first.content || name.parts !== first.parts) return false;
    parts.add(name.part);
  }
  return parts.size === first.parts && files.length === first.parts;
}

/** `YYYY-MM-DD` plus or minus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const isDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over into March: only a date that exists reads back the same.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
};

/** The last closed day: today (UTC) minus the grace period. Compaction's default end, replay's last raw date. */
export const closedThrough = (now: number, graceDays: number) => addDays(utcDate(now), -graceDays);
