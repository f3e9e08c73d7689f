/**
 * Batches of the synthetic mix through the real pipeline: the SQS records the function receives (as Lambda
 * builds them), `toInboundMessage` as the handler calls it, then `runInvocation` (ingest + cost record) into a
 * sink that counts every PUT by kind and answers at once. Timed on this machine.
 */
import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { generateTerm } from '../../cli/synthetic-term.js';
import { DEFAULT_PRICES } from '../../lambda/cost/prices.js';
import { toInboundMessage } from '../../lambda/ingest-handler.js';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import type { Sink } from '../../lambda/lake/sink.js';
import { runInvocation } from '../../lambda/pipeline/invocation.js';
import type { BatchSample, TableFiles } from './batch-model.js';
import type { MixShape } from './simulate.js';

/** A PUT the pipeline made. */
export interface CountedPut {
  readonly kind: 'table' | 'raw' | 'quarantine' | 'cost';
  readonly table?: string;
  readonly key: string;
  readonly bytes: number;
}

/** A sink that stores nothing: it counts PUTs by kind (and keeps table files' bodies when asked). */
export class CountingSink implements Sink {
  readonly puts: CountedPut[] = [];
  readonly kept: { table: string; body: Uint8Array }[] = [];

  constructor(private readonly keepTableBodies = false) {}

  locate(key: string): string {
    return `count://${key}`;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    const [top, table] = key.split('/');
    if (top === LAKE_PREFIXES.tables && table !== undefined) {
      this.puts.push({ kind: 'table', table, key, bytes: body.byteLength });
      if (this.keepTableBodies) this.kept.push({ table, body });
    } else if (top === LAKE_PREFIXES.raw) this.puts.push({ kind: 'raw', key, bytes: body.byteLength });
    else if (top === LAKE_PREFIXES.quarantine)
      this.puts.push({ kind: 'quarantine', key, bytes: body.byteLength });
    else if (top === LAKE_PREFIXES.costs) this.puts.push({ kind: 'cost', key, bytes: body.byteLength });
    else throw new Error(`unexpected lake key ${key}`);
  }
}

/**
 * A receipt handle as long as the one in the Lambda developer guide's example SQS event (AWS documents no fixed
 * length; real ones are opaque base64 of about this size).
 */
const RECEIPT_HANDLE_LENGTH = 352;
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:canvas-live-events-prod';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Canvas's two string message attributes (event_name, event_time), read from the metadata of a Canvas-format body. */
function canvasAttributes(body: string): Record<string, string> {
  const name = /"event_name":"([^"]*)"/.exec(body)?.[1];
  const time = /"event_time":"([^"]*)"/.exec(body)?.[1];
  return {
    ...(name && body.includes('"metadata"') ? { event_name: name } : {}),
    ...(time && body.includes('"metadata"') ? { event_time: time } : {}),
  };
}

/** The record Lambda puts in the function's event for one SQS message, with every field it carries. */
export function sqsRecordFor(body: string, index: number, sentAt: number): SQSRecord {
  const id = md5(`${index}:${body}`);
  const messageId = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  const attributes = canvasAttributes(body);
  return {
    messageId,
    receiptHandle: `AQEB${createHash('sha512').update(messageId).digest('base64')}`.padEnd(
      RECEIPT_HANDLE_LENGTH,
      'A',
    ),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(sentAt),
      SenderId: 'AROAEXAMPLEINSTRUCTURE:canvas-live-events',
      ApproximateFirstReceiveTimestamp: String(sentAt + 20),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([k, v]) => [
        k,
        { stringValue: v, stringListValues: [], binaryListValues: [], dataType: 'String' },
      ]),
    ),
    md5OfBody: md5(body),
    ...(Object.keys(attributes).length > 0
      ? { md5OfMessageAttributes: md5(JSON.stringify(attributes)) }
      : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
  } as SQSRecord;
}

/** Bytes SQS bills for a message: its body and its attributes' names, types and values. */
function messageBytes(record: SQSRecord): number {
  let n = Buffer.byteLength(record.body);
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    n +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.dataType) +
      Buffer.byteLength(value.stringValue ?? '');
  }
  return n;
}

/** The sizes of the mix's messages, measured over `bodies`. */
export function measureMixShape(bodies: readonly string[], firehoseRoundingBytes: number): MixShape {
  let record = 0;
  let message = 0;
  let chunks = 0;
  let json = 0;
  let firehose = 0;
  bodies.forEach((body, i) => {
    const r = sqsRecordFor(body, i, 1_790_000_000_000);
    record += Buffer.byteLength(JSON.stringify(r)) + 1;
    const m = messageBytes(r);
    message += m;
    chunks += Math.max(1, Math.ceil(m / (64 * 1024)));
    const b = Buffer.byteLength(body);
    json += b;
    firehose += Math.max(1, Math.ceil(b / firehoseRoundingBytes)) * firehoseRoundingBytes;
  });
  const n = bodies.length;
  return {
    recordBytes: record / n,
    messageBytes: message / n,
    sendChunksPerMessage: chunks / n,
    jsonBytesPerEvent: json / n,
    firehoseBilledBytesPerEvent: firehose / n,
  };
}

export interface MeasureOptions {
  /** Batch sizes to measure. */
  readonly sizes: readonly number[];
  /** About this many messages per size: many small batches, or a few large ones. */
  readonly messagesPerSize: number;
  readonly minBatches: number;
  readonly maxBatches: number;
  /** Timed runs of each batch at or above `repeatFrom` messages (the median counts); one below. */
  readonly repeats: number;
  readonly repeatFrom: number;
  readonly seed: number;
  /** Event times of every batch lie in [start, start + spanSeconds): a few minutes of one day. */
  readonly start: number;
  readonly spanSeconds: number;
  /** Keep the table files written at this size (for the compaction measurement). */
  readonly keepTablesAtSize?: number;
  readonly onSize?: (size: number, batches: number) => void;
}

export interface Measured {
  readonly samples: BatchSample[];
  readonly kept: { table: string; body: Uint8Array }[];
  readonly batches: number;
  readonly messages: number;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Runs generated batches of each size through `runInvocation` and averages what one batch writes and takes. */
export async function measureBatches(options: MeasureOptions): Promise<Measured> {
  const samples: BatchSample[] = [];
  const kept: { table: string; body: Uint8Array }[] = [];
  let batchesRun = 0;
  let messagesRun = 0;
  const config = { prefix: '', format: 'parquet' as const, prices: DEFAULT_PRICES };
  for (const size of options.sizes) {
    const batches = Math.min(
      options.maxBatches,
      Math.max(options.minBatches, Math.ceil(options.messagesPerSize / size)),
    );
    options.onSize?.(size, batches);
    const tables: Record<string, TableFiles> = {};
    let raw = 0;
    let quarantine = 0;
    let cost = 0;
    let rows = 0;
    let seconds = 0;
    for (let b = 0; b < batches; b++) {
      const bodies = generateTerm({
        events: size,
        seed: options.seed + size * 1000 + b,
        window: { start: options.start, days: options.spanSeconds / 86_400 },
      });
      const messages = bodies.map((body, i) =>
        toInboundMessage(sqsRecordFor(body, b * size + i, options.start)),
      );
      const runs = size >= options.repeatFrom ? options.repeats : 1;
      const times: number[] = [];
      let first: CountingSink | null = null;
      let tableRows: Readonly<Record<string, number>> = {};
      for (let r = 0; r < runs; r++) {
        const sink = new CountingSink(r === 0 && size === options.keepTablesAtSize);
        const startedAt = performance.now();
        const outcome = await runInvocation(messages, sink, config, {
          requestId: `bench-${size}-${b}-${r}`,
          functionName: 'bench',
          memoryMb: 1024,
          architecture: 'arm64',
          startedAt: options.start + options.spanSeconds * 1000,
          clock: () => performance.now(),
        });
        times.push((performance.now() - startedAt) / 1000);
        if (outcome.result.failedMessageIds.length > 0) throw new Error('a measured batch failed');
        if (r === 0) {
          first = sink;
          rows += outcome.result.stats.rows;
          tableRows = outcome.result.stats.tableRows;
        }
      }
      seconds += median(times);
      for (const put of (first as CountingSink).puts) {
        if (put.kind === 'table') {
          const table = put.table as string;
          const prev = tables[table] ?? { files: 0, rows: 0, bytes: 0 };
          tables[table] = { files: prev.files + 1, rows: prev.rows, bytes: prev.bytes + put.bytes };
        } else if (put.kind === 'raw') raw++;
        else if (put.kind === 'quarantine') quarantine++;
        else cost++;
      }
      // Rows per table: the pipeline's own count.
      for (const [table, n] of Object.entries(tableRows)) {
        const prev = tables[table] ?? { files: 0, rows: 0, bytes: 0 };
        tables[table] = { ...prev, rows: prev.rows + n };
      }
      kept.push(...(first as CountingSink).kept);
      batchesRun++;
      messagesRun += size;
    }
    samples.push({
      messages: size,
      batchesMeasured: batches,
      pipelineSeconds: seconds / batches,
      tables: Object.fromEntries(
        Object.entries(tables).map(([t, v]) => [
          t,
          { files: v.files / batches, rows: v.rows / batches, bytes: v.bytes / batches },
        ]),
      ),
      rawFiles: raw / batches,
      quarantineFiles: quarantine / batches,
      costFiles: cost / batches,
      rows: rows / batches,
    });
  }
  return { samples, kept, batches: batchesRun, messages: messagesRun };
}
