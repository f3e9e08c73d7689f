import { eventTableSpec } from '../contract/columns.js';
import { decodeMessage, quarantineMessage } from '../contract/decode.js';
import type { IntegrationNames } from '../contract/provenance.js';
import type { EventRow } from '../contract/row.js';
import { utcDate } from '../contract/time.js';
import type { ContractOptions, MessageAttributes, QuarantineRecord } from '../contract/types.js';
import type { InvocationCounts } from '../cost/record.js';
import type { OutputFormat } from '../lake/formats/index.js';
import { lakeFormat } from '../lake/formats/index.js';
import type { ParquetOptions } from '../lake/formats/parquet.js';
import { contentId, quarantineFileKey, rawFileKey, tableFileKey } from '../lake/layout.js';
import { gzipTextAsync, type RowValues } from '../lake/ndjson.js';
import type { Sink } from '../lake/sink.js';
import { encodeRecords, QUARANTINE_TABLE, RAW_EVENTS_TABLE } from '../lake/system-tables.js';

/** One SQS message, as the pipeline needs it (the handler and the local command both build these). */
export interface InboundMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes?: MessageAttributes;
  /** SQS SentTimestamp, epoch ms. */
  readonly sentAt?: number;
  /** SQS ApproximateReceiveCount. */
  readonly receiveCount?: number;
  /**
   * Set when the bytes the message came from were not valid UTF-8 (local files): the message is quarantined
   * as `invalid_utf8` with this description instead of being decoded.
   */
  readonly encodingError?: string;
}

export interface IngestConfig {
  /** Key prefix of the lake in the bucket or folder ('' for the root). */
  readonly prefix: string;
  readonly format: OutputFormat;
  readonly parquet?: ParquetOptions;
  readonly integrations?: IntegrationNames;
  /** Writes in flight at once. */
  readonly concurrency?: number;
  /**
   * Milliseconds left before the invocation is killed (Lambda's `context.getRemainingTimeInMillis`). Near the
   * end, no new work starts and writes still in flight are given up on: their messages are retried rather than
   * lost to a timeout that would fail the whole batch.
   */
  readonly remainingMs?: () => number;
}

/** How long before the deadline the batch stops starting work: a tenth of the time it had, 2–15 s. */
export function deadlineMarginMs(remainingAtStart: number): number {
  return Math.min(15_000, Math.max(2_000, remainingAtStart / 10));
}

export interface WrittenFile {
  readonly key: string;
  readonly kind: 'table' | 'raw' | 'quarantine';
  /** The event table, for table files. */
  readonly table?: string;
  readonly bytes: number;
  readonly ok: boolean;
  readonly error?: string;
  /** Rows or records in the file. */
  readonly records: number;
}

/**
 * What became of a batch. Every message is either done or failed; every event of a done message is a row, a
 * duplicate or a quarantine record: `events = rows + duplicates + quarantined + failedEvents`.
 */
export interface BatchStats extends InvocationCounts {
  readonly messages: number;
  /** Events found in the messages that were decoded (a Caliper envelope may hold several). */
  readonly events: number;
  /** Rows of done messages, durably written to event tables. */
  readonly rows: number;
  /** Events of done messages dropped because the same event_id was already in the batch. */
  readonly duplicates: number;
  /** Quarantine records of done messages, durably written. */
  readonly quarantined: number;
  readonly failedMessages: number;
  /** Events of failed messages (they are all retried). */
  readonly failedEvents: number;
  readonly filesWritten: number;
  readonly bytesWritten: number;
  readonly puts: number;
  /** Rows of done messages per table. */
  readonly tableRows: Readonly<Record<string, number>>;
}

/** A message returned to the queue, and why. */
export interface MessageFailure {
  readonly messageId: string;
  readonly reason: string;
}

export interface IngestResult {
  /** Messages to report as batch item failures: something they produced was not written. */
  readonly failedMessageIds: readonly string[];
  readonly stats: BatchStats;
  readonly files: readonly WrittenFile[];
  /** Messages the decoder failed on (a defect, not bad input): reported for retry. */
  readonly decodeErrors: readonly { readonly messageId: string; readonly error: string }[];
  /** One entry per failed message, with the first reason it failed. */
  readonly failures: readonly MessageFailure[];
}

export interface PlannedFile {
  readonly key: string;
  readonly kind: WrittenFile['kind'];
  readonly table?: string;
  readonly contentType: string;
  readonly records: number;
  /** Every message whose outcome depends on this file. */
  readonly messageIds: ReadonlySet<string>;
  /** Encodes the file (compression may run on the thread pool). */
  readonly encode: () => Uint8Array | Promise<Uint8Array>;
}

interface Group {
  readonly table: string;
  readonly dt: string;
  readonly rows: RowValues[];
  /** The message each row came from (parallel to rows). */
  readonly owners: string[];
  readonly eventIds: Set<string>;
  readonly messageIds: Set<string>;
}

/** Content type of the raw archive and quarantine files (gzip NDJSON). */
const GZIP_CONTENT_TYPE = 'application/gzip';

function attributesJson(attributes: MessageAttributes | undefined): string | null {
  if (attributes === undefined) return null;
  const defined = Object.entries(attributes).filter(([, v]) => v !== undefined);
  return defined.length === 0 ? null : JSON.stringify(Object.fromEntries(defined));
}

/** Runs `tasks` with at most `limit` in flight; never rejects (each outcome is recorded). */
async function settleWithLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Decodes a batch of messages, groups rows by (table, dt), encodes one file per group, and writes the raw
 * archive, the table files and the quarantine file. A message is done only when everything it produced is
 * written; exactly the messages that depend on a failed write are returned for retry.
 */
export async function ingestBatch(
  messages: readonly InboundMessage[],
  sink: Sink,
  config: IngestConfig,
  now: number = Date.now(),
): Promise<IngestResult> {
  const contract: ContractOptions = { ingestedAt: now, integrations: config.integrations ?? {} };
  const ingestDate = utcDate(now);
  const deadline = deadlineOf(config.remainingMs);
  const groups = new Map<string, Group>();
  const quarantined: { message: InboundMessage; record: QuarantineRecord }[] = [];
  /** Per message: events found, duplicates and quarantine records (rows are counted from the groups). */
  const outcome = new Map<string, { events: number; duplicates: number; quarantined: number }>();
  // The raw archive depends on the messages alone: encode it first, so that its compression (on the thread
  // pool) runs while the batch is decoded and its tables encoded.
  const raw = messages.length > 0 ? startEncoding(rawFile(messages, config.prefix, ingestDate, now)) : null;

  const failures = new Map<string, string>();
  const fail = (messageId: string, reason: string) => {
    if (!failures.has(messageId)) failures.set(messageId, reason);
  };
  const decodeErrors: { messageId: string; error: string }[] = [];
  for (const message of messages) {
    if (deadline.passed()) {
      fail(message.messageId, 'deadline: the invocation ran out of time before decoding it');
      continue;
    }
    let result: ReturnType<typeof decodeMessage>;
    try {
      result =
        message.encodingError === undefined
          ? decodeMessage(message.body, message.attributes, contract)
          : quarantineMessage(message.body, message.attributes, 'invalid_utf8', message.encodingError);
    } catch (error) {
      // decodeMessage does not throw on any input; if a defect makes it, the message goes back to the queue
      // (then to the dead-letter queue) instead of failing, or being dropped from, the whole batch.
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      fail(message.messageId, `decode: ${text}`);
      decodeErrors.push({ messageId: message.messageId, error: text });
      continue;
    }
    let messageDuplicates = 0;
    for (const record of result.quarantined) quarantined.push({ message, record });
    for (const row of result.rows) {
      if (addRow(groups, row, message.messageId)) messageDuplicates++;
    }
    outcome.set(message.messageId, {
      events: result.rows.length + result.quarantined.length,
      duplicates: messageDuplicates,
      quarantined: result.quarantined.length,
    });
  }

  const plan: PlannedFile[] = [];
  if (raw !== null) plan.push(raw);
  const tableFiles = new Map<PlannedFile, Group>();
  for (const group of groups.values()) {
    const file = tableFile(group, config);
    tableFiles.set(file, group);
    plan.push(file);
  }
  if (quarantined.length > 0) plan.push(quarantineFile(quarantined, config.prefix, ingestDate, now));

  const files: WrittenFile[] = [];
  await settleWithLimit(plan, config.concurrency ?? 16, async (file) => {
    let bytes = 0;
    try {
      if (deadline.passed()) throw new DeadlineError('not started: the invocation was running out of time');
      const body = await file.encode();
      bytes = body.byteLength;
      await deadline.race(sink.put(file.key, body, file.contentType));
      files.push({ ...describe(file), bytes, ok: true });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      for (const id of file.messageIds) fail(id, `${file.kind} file ${file.key}: ${message}`);
      files.push({ ...describe(file), bytes, ok: false, error: message });
    }
  });
  deadline.clear();

  // Rows of done messages, per table: their files were all written.
  const written = files.filter((f) => f.ok);
  const writtenKeys = new Set(written.map((f) => f.key));
  const tableRows: Record<string, number> = {};
  for (const [file, group] of tableFiles) {
    if (!writtenKeys.has(file.key)) continue;
    let n = 0;
    for (const owner of group.owners) if (!failures.has(owner)) n++;
    if (n > 0) tableRows[group.table] = (tableRows[group.table] ?? 0) + n;
  }
  let events = 0;
  let duplicates = 0;
  let quarantinedDone = 0;
  let failedEvents = 0;
  for (const [messageId, o] of outcome) {
    events += o.events;
    if (failures.has(messageId)) failedEvents += o.events;
    else {
      duplicates += o.duplicates;
      quarantinedDone += o.quarantined;
    }
  }
  const stats: BatchStats = {
    messages: messages.length,
    events,
    rows: Object.values(tableRows).reduce((n, r) => n + r, 0),
    duplicates,
    quarantined: quarantinedDone,
    failedMessages: failures.size,
    failedEvents,
    filesWritten: written.length,
    bytesWritten: written.reduce((n, f) => n + f.bytes, 0),
    puts: files.filter((f) => f.bytes > 0 || f.ok).length,
    tableRows,
  };
  return {
    failedMessageIds: [...failures.keys()],
    stats,
    files,
    decodeErrors,
    failures: [...failures].map(([messageId, reason]) => ({ messageId, reason })),
  };
}

class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

interface Deadline {
  /** True once no new work should start. */
  passed(): boolean;
  /** The promise, or a DeadlineError when the invocation is about to end first. */
  race<T>(work: Promise<T>): Promise<T>;
  clear(): void;
}

function deadlineOf(remainingMs: (() => number) | undefined): Deadline {
  if (remainingMs === undefined) return { passed: () => false, race: (work) => work, clear: () => undefined };
  const remaining = remainingMs();
  const margin = deadlineMarginMs(remaining);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  return {
    passed: () => remainingMs() < margin,
    race: <T>(work: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        // A write still in flight when half the margin is left is given up on (its messages are retried).
        const timer = setTimeout(
          () => reject(new DeadlineError('gave up: the invocation was about to time out')),
          Math.max(0, remainingMs() - margin / 2),
        );
        timers.add(timer);
        work.then(resolve, reject).finally(() => {
          clearTimeout(timer);
          timers.delete(timer);
        });
      }),
    clear: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Starts encoding a file now; its `encode` then returns that same result. */
function startEncoding(file: PlannedFile): PlannedFile {
  let result: Promise<Uint8Array>;
  try {
    result = Promise.resolve(file.encode());
  } catch (error) {
    result = Promise.reject(error);
  }
  result.catch(() => undefined); // reported when the file is written
  return { ...file, encode: () => result };
}

const describe = (file: PlannedFile) => ({
  key: file.key,
  kind: file.kind,
  records: file.records,
  ...(file.table === undefined ? {} : { table: file.table }),
});

/** Adds a row to its (table, dt) group; returns true when the group already had this event (a duplicate). */
function addRow(groups: Map<string, Group>, row: EventRow, messageId: string): boolean {
  const { dt } = row;
  const key = `${row.table}/${dt}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = { table: row.table, dt, rows: [], owners: [], eventIds: new Set(), messageIds: new Set() };
    groups.set(key, group);
  }
  group.messageIds.add(messageId);
  if (group.eventIds.has(row.eventId)) return true;
  group.eventIds.add(row.eventId);
  group.rows.push(row.values);
  group.owners.push(messageId);
  return false;
}

function tableFile(group: Group, config: IngestConfig): PlannedFile {
  const columns = eventTableSpec(group.table).columns;
  const format = lakeFormat(config.format);
  return {
    key: tableFileKey(config.prefix, group.table, group.dt, contentId(group.eventIds), config.format),
    kind: 'table',
    table: group.table,
    contentType: format.contentType,
    records: group.rows.length,
    messageIds: group.messageIds,
    encode: () => format.encode(columns, group.rows, config.parquet ? { parquet: config.parquet } : {}),
  };
}

function rawFile(messages: readonly InboundMessage[], prefix: string, dt: string, now: number): PlannedFile {
  const ids = messages.map((m) => m.messageId);
  return {
    key: rawFileKey(prefix, dt, contentId(ids)),
    kind: 'raw',
    contentType: GZIP_CONTENT_TYPE,
    records: messages.length,
    messageIds: new Set(ids),
    encode: () =>
      gzipTextAsync(
        encodeRecords(
          RAW_EVENTS_TABLE,
          messages.map((m) => ({
            message_id: m.messageId,
            ingested_at: now,
            sent_at: m.sentAt ?? null,
            receive_count: m.receiveCount === undefined ? null : BigInt(m.receiveCount),
            message_attributes: attributesJson(m.attributes),
            body: m.body,
          })),
        ),
      ),
  };
}

/** The quarantine file of a batch (also what a replay writes for the raw messages of one batch). */
export function quarantineFile(
  entries: readonly { message: InboundMessage; record: QuarantineRecord }[],
  prefix: string,
  dt: string,
  now: number,
): PlannedFile {
  const ids = entries.map(({ message, record }) => `${message.messageId}#${record.eventIndex ?? ''}`);
  return {
    key: quarantineFileKey(prefix, dt, contentId(ids)),
    kind: 'quarantine',
    contentType: GZIP_CONTENT_TYPE,
    records: entries.length,
    messageIds: new Set(entries.map((e) => e.message.messageId)),
    encode: () =>
      gzipTextAsync(
        encodeRecords(
          QUARANTINE_TABLE,
          entries.map(({ message, record }) => ({
            message_id: message.messageId,
            ingested_at: now,
            reason: record.reason,
            details: record.details,
            event_index: record.eventIndex === null ? null : BigInt(record.eventIndex),
            event_name: record.eventName,
            message_attributes: attributesJson(message.attributes),
            original: record.original,
          })),
        ),
      ),
  };
}
