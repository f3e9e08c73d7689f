import { type ColumnSpec, eventTableSpec } from '../contract/columns.js';
import type { RowValue } from '../contract/types.js';
import { formatOfKey, type LakeFormat, lakeFormat, type OutputFormat } from '../lake/formats/index.js';
import type { ParquetOptions } from '../lake/formats/parquet.js';
import { contentId } from '../lake/layout.js';
import type { MaintenanceStore, StoredObject } from '../lake/store.js';
import {
  compactedFileName,
  groupPartitions,
  isCompacted,
  type Partition,
  parseCompactedName,
  partitionFolder,
  specFingerprint,
} from './layout.js';

export const MB = 1024 * 1024;

/**
 * At most this many rows per row group (DuckDB's default row group): the rows of one group are what a
 * rewrite holds decoded in memory while it writes, whatever the file's size.
 */
export const MAX_ROW_GROUP_ROWS = 122_880;

/** Input bytes kept between the two passes, for a function with this much memory: a quarter, at most 1 GB. */
export const cacheBytesFor = (memoryMb: number) => Math.min(1024, Math.floor(memoryMb / 4)) * MB;

/** How compacted files are written. */
export interface RewriteConfig {
  /** Key prefix of the lake ('' for the root). */
  readonly prefix: string;
  /** The lake's current format: compacted files are written in it, whatever their inputs were. */
  readonly format: OutputFormat;
  readonly parquet?: ParquetOptions;
  /** A partition is one file up to this size; beyond it, parts of about this size (default 256 MB). */
  readonly targetFileBytes?: number;
  /** Row groups of about this size inside a file (default 64 MB), at most MAX_ROW_GROUP_ROWS rows. */
  readonly rowGroupBytes?: number;
  /** Memory of the function (MB): sets the default input cache. */
  readonly memoryMb?: number;
  /**
   * Input bytes kept in memory between the two passes (default: a quarter of `memoryMb`, at most 1 GB). A partition whose files are larger is
   * read twice instead: once for its keys, then once per output file for the rows it needs.
   */
  readonly cacheBytes?: number;
}

export interface RewriteRequest extends Partition {
  /** Files a replay re-derived for this partition (read, folded in, then deleted). */
  readonly staged?: readonly StoredObject[];
  /** Live rows a replay supersedes: true drops the row (its message was re-derived). */
  readonly supersedes?: (eventId: string, ingestedAt: number) => boolean;
  /** Leave the staged files in place (a replay deletes them when it finishes, so a retried step finds them). */
  readonly keepStaged?: boolean;
}

export type RewriteStatus = 'rewritten' | 'already_compacted' | 'empty' | 'emptied';

export interface PartitionResult extends Partition {
  readonly status: RewriteStatus;
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly stagedFiles: number;
  /** Rows read from the partition's files (duplicates included). */
  readonly rowsBefore: number;
  /** Rows read from staged files. */
  readonly rowsStaged: number;
  /** Live rows a replay superseded. */
  readonly rowsSuperseded: number;
  readonly rowsAfter: number;
  readonly duplicatesRemoved: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly outputs: readonly string[];
  readonly deleted: readonly string[];
}

export class VerificationError extends Error {
  override readonly name = 'VerificationError';
}

/** A partition file holds columns the current spec lacks: rewriting it would drop data. */
export class SpecMismatchError extends Error {
  override readonly name = 'SpecMismatchError';
}

type InputKind = 0 | 1 | 2;
/** Which copy of a duplicated event wins a tie on ingested_at: a re-derived row, then a compacted file's, then an ingest file's. */
const STAGED: InputKind = 0;
const COMPACTED: InputKind = 1;
const INGESTED: InputKind = 2;

interface Input {
  readonly object: StoredObject;
  readonly format: LakeFormat;
  readonly kind: InputKind;
  readonly live: boolean;
  rows: number;
}

/** The copy of an event that survives: where it is, and what decides. */
interface Winner {
  id: string;
  time: number;
  ingestedAt: number;
  kind: InputKind;
  file: number;
  row: number;
}

const beats = (a: Winner, b: Winner) =>
  a.ingestedAt !== b.ingestedAt
    ? a.ingestedAt < b.ingestedAt
    : a.kind !== b.kind
      ? a.kind < b.kind
      : a.file !== b.file
        ? a.file < b.file
        : a.row < b.row;

const KEY_COLUMNS = ['event_id', 'event_time', 'ingested_at'] as const;

const emptyResult = (
  p: Partition,
  status: RewriteStatus,
  files: readonly StoredObject[],
): PartitionResult => ({
  table: p.table,
  dt: p.dt,
  status,
  filesBefore: files.length,
  filesAfter: files.length,
  stagedFiles: 0,
  rowsBefore: 0,
  rowsStaged: 0,
  rowsSuperseded: 0,
  rowsAfter: 0,
  duplicatesRemoved: 0,
  bytesBefore: files.reduce((n, f) => n + f.size, 0),
  bytesAfter: files.reduce((n, f) => n + f.size, 0),
  outputs: [],
  deleted: [],
});

/**
 * Rewrites one (table, dt) partition as compacted files, safely at every step:
 *
 * 1. list the partition (a compacted partition of the current spec and format stops here: no GET, no PUT);
 * 2. read every file's keys (event_id, event_time, ingested_at) and keep one copy of each event: the earliest
 *    ingested_at (a tie goes to a replay's re-derived row, then to a compacted file's);
 * 3. sort the survivors by event_time (then event_id) and cut them into files of about the target size;
 * 4. for each file: gather its rows in the table's current column spec (columns added since an input was
 *    written are null), encode, PUT under a name derived from its content, read it back and check its rows'
 *    event_ids one by one;
 * 5. only then delete the inputs it read (never an output, never a file it did not read).
 *
 * A crash anywhere leaves the inputs, or the inputs and some outputs: both hold every event, and the next run
 * removes the duplicates. A file that would be rewritten byte for byte (same name, same rows) is not PUT.
 */
export async function rewritePartition(
  store: MaintenanceStore,
  request: RewriteRequest,
  config: RewriteConfig,
): Promise<PartitionResult> {
  const spec = eventTableSpec(request.table);
  const columns = spec.columns;
  const format = lakeFormat(config.format);
  const fingerprint = specFingerprint(columns);
  const listing = await store.listAll(partitionFolder(config.prefix, request.table, request.dt));
  const live = groupPartitions(config.prefix, listing).flatMap((p) => p.files);
  const staged = request.staged ?? [];
  if (staged.length === 0 && request.supersedes === undefined && isCompacted(live, fingerprint, format)) {
    return emptyResult(request, 'already_compacted', live);
  }
  if (staged.length === 0 && live.length === 0) return emptyResult(request, 'empty', live);

  const inputs: Input[] = [
    ...staged.map((object) => ({
      object,
      format: formatFor(object.key),
      kind: STAGED,
      live: false,
      rows: 0,
    })),
    ...live.map((object) => ({
      object,
      format: formatFor(object.key),
      kind: parseCompactedName(object.key) === null ? INGESTED : COMPACTED,
      live: true,
      rows: 0,
    })),
  ];

  // Pass 1: every input's keys. Input bytes are kept for pass 2 while they fit the cache.
  const cacheBytes = config.cacheBytes ?? cacheBytesFor(config.memoryMb ?? 4096);
  const cache = new Map<number, Uint8Array>();
  let cached = 0;
  const keyColumns = KEY_COLUMNS.map((name) => columns.find((c) => c.name === name) as ColumnSpec);
  const known = new Set(columns.map((c) => c.name));
  const winners = new Map<string, Winner>();
  let rowsBefore = 0;
  let rowsStaged = 0;
  let rowsSuperseded = 0;
  const fetch = prefetch(inputs, store);
  for (let file = 0; file < inputs.length; file++) {
    const input = inputs[file] as Input;
    const bytes = await fetch(file);
    if (cached + bytes.byteLength <= cacheBytes) {
      cache.set(file, bytes);
      cached += bytes.byteLength;
    }
    const read = await input.format.readColumns(bytes, keyColumns);
    const unknown = read.fileColumns.filter((c) => !known.has(c) && c !== 'dt');
    if (unknown.length > 0) {
      throw new SpecMismatchError(
        `${store.locate(input.object.key)} has column(s) the current spec of ${request.table} lacks (${unknown.join(', ')}); rewriting it would drop them`,
      );
    }
    input.rows = read.rows;
    if (input.live) rowsBefore += read.rows;
    else rowsStaged += read.rows;
    const [ids, times, ingested] = read.columns as [string[], number[], number[]];
    for (let row = 0; row < read.rows; row++) {
      const id = ids[row] as string;
      const time = times[row] as number;
      const ingestedAt = ingested[row] as number;
      if (input.live && request.supersedes?.(id, ingestedAt)) {
        rowsSuperseded++;
        continue;
      }
      const candidate: Winner = { id, time, ingestedAt, kind: input.kind, file, row };
      const current = winners.get(id);
      if (current === undefined || beats(candidate, current)) winners.set(id, candidate);
    }
  }

  const sorted = [...winners.values()].sort(
    (a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  winners.clear();
  const inputBytes = inputs.reduce((n, i) => n + i.object.size, 0);
  const inputRows = inputs.reduce((n, i) => n + i.rows, 0);
  const bytesPerRow = inputRows === 0 ? 0 : inputBytes / inputRows;
  const target = config.targetFileBytes ?? 256 * MB;
  const parts = Math.max(1, Math.ceil((sorted.length * bytesPerRow) / target));
  const perPart = Math.ceil(sorted.length / parts);
  const content = contentId(sorted.map((w) => w.id));
  const folder = partitionFolder(config.prefix, request.table, request.dt);
  const byKey = new Map(inputs.map((input, i) => [input.object.key, i]));

  const groupRows = Math.min(
    MAX_ROW_GROUP_ROWS,
    Math.max(1000, Math.floor((config.rowGroupBytes ?? 64 * MB) / Math.max(bytesPerRow, 1))),
  );
  const outputs: string[] = [];
  let bytesAfter = 0;
  for (let part = 0; sorted.length > 0 && part < parts; part++) {
    const rows = sorted.slice(part * perPart, (part + 1) * perPart);
    const key = `${folder}${compactedFileName(fingerprint, content, part + 1, parts, format)}`;
    outputs.push(key);
    const existing = byKey.get(key);
    if (existing !== undefined && holdsExactly(inputs[existing] as Input, existing, rows)) {
      // The same name holds the same rows in the same order: it was written and verified before.
      bytesAfter += (inputs[existing] as Input).object.size;
      continue;
    }
    const writer = format.writer(columns, {
      ...(config.parquet ? { parquet: config.parquet } : {}),
      metadata: {
        'canvas_lake.table': request.table,
        'canvas_lake.dt': request.dt,
        'canvas_lake.spec': fingerprint,
        'canvas_lake.content': content,
        'canvas_lake.part': `${part + 1}/${parts}`,
        'canvas_lake.rows': String(rows.length),
      },
    });
    // Row group by row group: only one group's rows are ever decoded at once.
    for (let first = 0; first < rows.length; first += groupRows) {
      const group = rows.slice(first, first + groupRows);
      writer.write(await gather(store, inputs, cache, group, columns), group.length);
    }
    const body = await writer.finish();
    await store.put(key, body, format.contentType);
    await verify(store, key, format, rows, columns);
    bytesAfter += body.byteLength;
  }
  cache.clear();

  const outputSet = new Set(outputs);
  const deleted = inputs
    .filter((i) => i.live || request.keepStaged !== true)
    .map((i) => i.object.key)
    .filter((k) => !outputSet.has(k));
  if (deleted.length > 0) await store.delete(deleted);
  const rowsKept = rowsBefore + rowsStaged - rowsSuperseded;
  return {
    table: request.table,
    dt: request.dt,
    status: sorted.length === 0 ? 'emptied' : 'rewritten',
    filesBefore: live.length,
    filesAfter: outputs.length,
    stagedFiles: staged.length,
    rowsBefore,
    rowsStaged,
    rowsSuperseded,
    rowsAfter: sorted.length,
    duplicatesRemoved: rowsKept - sorted.length,
    bytesBefore: live.reduce((n, f) => n + f.size, 0),
    bytesAfter,
    outputs,
    deleted,
  };
}

/** GETs in flight at once while reading a partition's files, and the bytes they may hold. */
const PREFETCH_COUNT = 16;
const PREFETCH_BYTES = 256 * MB;

/**
 * Reads inputs in order while the next ones are already being fetched (S3 answers a GET in tens of
 * milliseconds: one at a time, a partition of 1,440 small files would mostly wait), within a count and a byte
 * budget so that large files are not all in memory at once.
 */
function prefetch(inputs: readonly Input[], store: MaintenanceStore): (index: number) => Promise<Uint8Array> {
  const pending: (Promise<Uint8Array> | undefined)[] = [];
  let next = 0;
  let bytes = 0;
  const fill = (from: number) => {
    while (next < inputs.length && next - from < PREFETCH_COUNT) {
      const size = (inputs[next] as Input).object.size;
      if (next > from && bytes + size > PREFETCH_BYTES) break;
      bytes += size;
      const request = store.get((inputs[next] as Input).object.key);
      request.catch(() => undefined); // reported when awaited
      pending[next++] = request;
    }
  };
  return async (index) => {
    fill(index);
    try {
      return await (pending[index] as Promise<Uint8Array>);
    } finally {
      pending[index] = undefined;
      bytes -= (inputs[index] as Input).object.size;
    }
  };
}

function formatFor(key: string): LakeFormat {
  const format = formatOfKey(key);
  if (format === undefined) throw new Error(`not a table file: ${key}`);
  return format;
}

/** True when `rows` are exactly the rows of input `file`, all of them, in order. */
function holdsExactly(input: Input, file: number, rows: readonly Winner[]): boolean {
  if (input.rows !== rows.length) return false;
  for (let i = 0; i < rows.length; i++) {
    const w = rows[i] as Winner;
    if (w.file !== file || w.row !== i) return false;
  }
  return true;
}

/**
 * The values of one row group, column by column, read from the inputs that hold its rows: each input decoded
 * once, and only the range of its rows the group needs.
 */
async function gather(
  store: MaintenanceStore,
  inputs: readonly Input[],
  cache: ReadonlyMap<number, Uint8Array>,
  rows: readonly Winner[],
  columns: readonly ColumnSpec[],
): Promise<RowValue[][]> {
  const byFile = new Map<number, [row: number, at: number][]>();
  rows.forEach((w, at) => {
    let list = byFile.get(w.file);
    if (list === undefined) {
      list = [];
      byFile.set(w.file, list);
    }
    list.push([w.row, at]);
  });
  const out: RowValue[][] = columns.map(() => new Array<RowValue>(rows.length));
  for (const [file, wanted] of byFile) {
    const input = inputs[file] as Input;
    let first = Number.POSITIVE_INFINITY;
    let last = -1;
    for (const [row] of wanted) {
      if (row < first) first = row;
      if (row > last) last = row;
    }
    const bytes = cache.get(file) ?? (await store.get(input.object.key));
    const read = await input.format.readColumns(bytes, columns, { start: first, end: last + 1 });
    for (let c = 0; c < columns.length; c++) {
      const from = read.columns[c] as RowValue[];
      const to = out[c] as RowValue[];
      for (const [row, at] of wanted) to[at] = from[row - first] ?? null;
    }
  }
  return out;
}

/** Reads an output back from the store and checks that it holds exactly the expected events, in order. */
async function verify(
  store: MaintenanceStore,
  key: string,
  format: LakeFormat,
  rows: readonly Winner[],
  columns: readonly ColumnSpec[],
): Promise<void> {
  const idColumn = columns.find((c) => c.name === 'event_id') as ColumnSpec;
  const back = await format.readColumns(await store.get(key), [idColumn]);
  const ids = back.columns[0] as RowValue[];
  if (back.rows !== rows.length) {
    throw new VerificationError(`${store.locate(key)} holds ${back.rows} rows, expected ${rows.length}`);
  }
  for (let i = 0; i < rows.length; i++) {
    if (ids[i] !== (rows[i] as Winner).id) {
      throw new VerificationError(
        `${store.locate(key)} row ${i} is ${String(ids[i])}, expected ${(rows[i] as Winner).id}`,
      );
    }
  }
}
