import { eventTableSpec } from '../contract/columns.js';
import {
  type ContractOptions,
  decodeMessage,
  type EventRow,
  type MessageAttributes,
  type QuarantineRecord,
} from '../contract/decode.js';
import type { IntegrationNames } from '../contract/provenance.js';
import { utcDate } from '../contract/time.js';
import { contentId, type OutputFormat, quarantineFileKey, rawFileKey, tableFileKey } from '../lake/layout.js';
import { gzipTextAsync, type RowValues, recordsToNdjson, rowsToNdjson } from '../lake/ndjson.js';
import { encodeParquet, type ParquetOptions } from '../lake/parquet.js';
import type { Sink } from '../lake/sink.js';
import { QUARANTINE_TABLE, RAW_EVENTS_TABLE } from '../lake/tables.js';

/** One SQS message, as the pipeline needs it (the handler and the local command both build these). */
export interface InboundMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes?: MessageAttributes;
  /** SQS SentTimestamp, epoch ms. */
  readonly sentAt?: number;
  /** SQS ApproximateReceiveCount. */
  readonly receiveCount?: number;
}

export interface IngestConfig {
  /** Key prefix of the lake in the bucket or folder ('' for the root). */
  readonly prefix: string;
  readonly format: OutputFormat;
  readonly parquet?: ParquetOptions;
  readonly integrations?: IntegrationNames;
  /** Writes in flight at once. */
  readonly concurrency?: number;
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

export interface BatchStats {
  readonly messages: number;
  readonly events: number;
  readonly rows: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly failedMessages: number;
  readonly filesWritten: number;
  readonly bytesWritten: number;
  readonly puts: number;
  /** Rows written per table (successful files only). */
  readonly tableRows: Readonly<Record<string, number>>;
}

export interface IngestResult {
  /** Messages to report as batch item failures: something they produced was not written. */
  readonly failedMessageIds: readonly string[];
  readonly stats: BatchStats;
  readonly files: readonly WrittenFile[];
  /** Messages the decoder failed on (a defect, not bad input): reported for retry. */
  readonly decodeErrors: readonly { readonly messageId: string; readonly error: string }[];
}

interface PlannedFile {
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
  readonly eventIds: Set<string>;
  readonly messageIds: Set<string>;
}

const CONTENT_TYPES = {
  parquet: 'application/vnd.apache.parquet',
  gzip: 'application/gzip',
} as const;

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
  const groups = new Map<string, Group>();
  const quarantined: { message: InboundMessage; record: QuarantineRecord }[] = [];
  let events = 0;
  let duplicates = 0;
  // The raw archive depends on the messages alone: encode it first, so that its compression (on the thread
  // pool) runs while the batch is decoded and its tables encoded.
  const raw = messages.length > 0 ? startEncoding(rawFile(messages, config.prefix, ingestDate, now)) : null;

  const failed = new Set<string>();
  const decodeErrors: { messageId: string; error: string }[] = [];
  for (const message of messages) {
    let result: ReturnType<typeof decodeMessage>;
    try {
      result = decodeMessage(message.body, message.attributes, contract);
    } catch (error) {
      // decodeMessage does not throw on any input; if a defect makes it, the message goes back to the queue
      // (then to the dead-letter queue) instead of failing, or being dropped from, the whole batch.
      failed.add(message.messageId);
      decodeErrors.push({
        messageId: message.messageId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      continue;
    }
    events += result.rows.length + result.quarantined.length;
    for (const record of result.quarantined) quarantined.push({ message, record });
    for (const row of result.rows) {
      if (addRow(groups, row, message.messageId)) duplicates++;
    }
  }

  const plan: PlannedFile[] = [];
  if (raw !== null) plan.push(raw);
  for (const group of groups.values()) plan.push(tableFile(group, config));
  if (quarantined.length > 0) plan.push(quarantineFile(quarantined, config.prefix, ingestDate, now));

  const files: WrittenFile[] = [];
  await settleWithLimit(plan, config.concurrency ?? 16, async (file) => {
    let bytes = 0;
    try {
      const body = await file.encode();
      bytes = body.byteLength;
      await sink.put(file.key, body, file.contentType);
      files.push({ ...describe(file), bytes, ok: true });
    } catch (error) {
      for (const id of file.messageIds) failed.add(id);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      files.push({ ...describe(file), bytes, ok: false, error: message });
    }
  });

  const written = files.filter((f) => f.ok);
  const tableRows: Record<string, number> = {};
  for (const f of written)
    if (f.table !== undefined) tableRows[f.table] = (tableRows[f.table] ?? 0) + f.records;
  const stats: BatchStats = {
    messages: messages.length,
    events,
    rows: [...groups.values()].reduce((n, g) => n + g.rows.length, 0),
    duplicates,
    quarantined: quarantined.length,
    failedMessages: failed.size,
    filesWritten: written.length,
    bytesWritten: written.reduce((n, f) => n + f.bytes, 0),
    puts: files.length,
    tableRows,
  };
  return { failedMessageIds: [...failed], stats, files, decodeErrors };
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
  const dt = utcDate(row.eventTime);
  const key = `${row.table}/${dt}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = { table: row.table, dt, rows: [], eventIds: new Set(), messageIds: new Set() };
    groups.set(key, group);
  }
  group.messageIds.add(messageId);
  if (group.eventIds.has(row.eventId)) return true;
  group.eventIds.add(row.eventId);
  group.rows.push(row.values);
  return false;
}

function tableFile(group: Group, config: IngestConfig): PlannedFile {
  const columns = eventTableSpec(group.table).columns;
  return {
    key: tableFileKey(config.prefix, group.table, group.dt, contentId(group.eventIds), config.format),
    kind: 'table',
    table: group.table,
    contentType: config.format === 'parquet' ? CONTENT_TYPES.parquet : CONTENT_TYPES.gzip,
    records: group.rows.length,
    messageIds: group.messageIds,
    encode: () =>
      config.format === 'parquet'
        ? encodeParquet(columns, group.rows, config.parquet)
        : gzipTextAsync(rowsToNdjson(columns, group.rows)),
  };
}

function rawFile(messages: readonly InboundMessage[], prefix: string, dt: string, now: number): PlannedFile {
  const ids = messages.map((m) => m.messageId);
  return {
    key: rawFileKey(prefix, dt, contentId(ids)),
    kind: 'raw',
    contentType: CONTENT_TYPES.gzip,
    records: messages.length,
    messageIds: new Set(ids),
    encode: () =>
      gzipTextAsync(
        recordsToNdjson(
          RAW_EVENTS_TABLE.columns,
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

function quarantineFile(
  entries: readonly { message: InboundMessage; record: QuarantineRecord }[],
  prefix: string,
  dt: string,
  now: number,
): PlannedFile {
  const ids = entries.map(({ message, record }) => `${message.messageId}#${record.eventIndex ?? ''}`);
  return {
    key: quarantineFileKey(prefix, dt, contentId(ids)),
    kind: 'quarantine',
    contentType: CONTENT_TYPES.gzip,
    records: entries.length,
    messageIds: new Set(entries.map((e) => e.message.messageId)),
    encode: () =>
      gzipTextAsync(
        recordsToNdjson(
          QUARANTINE_TABLE.columns,
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
