/**
 * What a day of traffic costs, from request counts: this lake's ingest, its compaction (issue 10) amortised
 * over the day, and the fair Firehose alternative. Pure arithmetic over counts the simulator produces.
 */
import { billedSeconds, type TableFiles } from './batch-model.js';
import type { TrafficPrices } from './prices.js';

const GIB = 1024 ** 3;

/** The SQS requests of a day: Canvas's SendMessage (billed to the queue owner) and the pollers' receive and delete. */
export interface SqsDay {
  readonly send: number;
  /** Billed ReceiveMessage requests, empty long polls included. */
  readonly receive: number;
  /** Of which returned nothing. */
  readonly emptyReceive: number;
  readonly delete: number;
}

/** One day of ingest through this lake's function. */
export interface IngestDay {
  readonly events: number;
  readonly sqs: SqsDay;
  readonly invocations: number;
  readonly lambdaGbSeconds: number;
  readonly puts: {
    readonly table: number;
    readonly raw: number;
    readonly quarantine: number;
    readonly cost: number;
  };
  /** Table files written during the day, by table (before compaction). */
  readonly tables: Readonly<Record<string, TableFiles>>;
}

export interface UsdBreakdown {
  readonly [component: string]: number;
}

export const sumUsd = (b: UsdBreakdown): number => Object.values(b).reduce((a, v) => a + v, 0);

export const sqsUsd = (sqs: SqsDay, prices: TrafficPrices): UsdBreakdown => ({
  sqs_send: sqs.send * prices.base.sqsRequest,
  sqs_receive: sqs.receive * prices.base.sqsRequest,
  sqs_delete: sqs.delete * prices.base.sqsRequest,
});

/** The day's ingest cost by component (USD). */
export function ingestUsd(day: IngestDay, prices: TrafficPrices): UsdBreakdown {
  const p = prices.base;
  return {
    ...sqsUsd(day.sqs, prices),
    lambda_compute: day.lambdaGbSeconds * p.lambdaGbSecond.arm64,
    lambda_requests: day.invocations * p.lambdaRequest,
    s3_put_table: day.puts.table * p.s3Put,
    s3_put_raw: day.puts.raw * p.s3Put,
    s3_put_quarantine: day.puts.quarantine * p.s3Put,
    s3_put_cost_record: day.puts.cost * p.s3Put,
  };
}

/** How compaction of one day's partitions runs: one Lambda per (table, dt) partition, fanned out by a Distributed Map. */
export interface CompactionAssumptions {
  /** CPU seconds per row to read the small files (hyparquet), measured by the benchmark. */
  readonly readSecondsPerRow: number;
  /** CPU seconds per row to deduplicate, sort and write the partition (hyparquet-writer), measured. */
  readonly writeSecondsPerRow: number;
  /** Output bytes per input byte (one big file compresses better than many small ones), measured. */
  readonly outputBytesRatio: number;
  readonly memoryMb: number;
  readonly fullCpuMemoryMb: number;
  /** One output file per partition, more only past this size. */
  readonly targetFileBytes: number;
  readonly s3GetSeconds: number;
  readonly s3PutSeconds: number;
  /** GETs in flight at once. */
  readonly readConcurrency: number;
  /** A partition needing longer is split over several runs. */
  readonly maxRunSeconds: number;
  /** Standard state transitions per partition (the child execution and its task). */
  readonly transitionsPerPartition: number;
  /** State transitions of the daily parent execution (list, map, end). */
  readonly transitionsPerDay: number;
}

export interface CompactionDay {
  readonly partitions: number;
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly listRequests: number;
  readonly getRequests: number;
  readonly putRequests: number;
  readonly invocations: number;
  readonly lambdaGbSeconds: number;
  readonly stateTransitions: number;
  readonly usd: UsdBreakdown;
}

/** Compacting each table's day of files (one partition per table: live traffic writes each event on its own day). */
export function compactionDay(
  tables: Readonly<Record<string, TableFiles>>,
  a: CompactionAssumptions,
  prices: TrafficPrices,
): CompactionDay {
  let partitions = 0;
  let filesBefore = 0;
  let filesAfter = 0;
  let listRequests = 0;
  let getRequests = 0;
  let invocations = 0;
  let gbSeconds = 0;
  const cpuScale = Math.max(1, a.fullCpuMemoryMb / a.memoryMb);
  for (const t of Object.values(tables)) {
    if (!(t.files > 0)) continue;
    partitions++;
    filesBefore += t.files;
    const outputs = Math.max(1, Math.ceil((t.bytes * a.outputBytesRatio) / a.targetFileBytes));
    filesAfter += outputs;
    listRequests += Math.ceil(t.files / 1000);
    getRequests += t.files;
    const seconds =
      t.rows * (a.readSecondsPerRow + a.writeSecondsPerRow) * cpuScale +
      Math.ceil(t.files / a.readConcurrency) * a.s3GetSeconds +
      outputs * a.s3PutSeconds;
    const runs = Math.max(1, Math.ceil(seconds / a.maxRunSeconds));
    invocations += runs;
    gbSeconds += billedSeconds(seconds) * (a.memoryMb / 1024);
  }
  // The Distributed Map's item reader lists every file of the day's partitions once.
  listRequests += Math.ceil(filesBefore / 1000);
  const stateTransitions =
    partitions === 0 ? 0 : a.transitionsPerDay + partitions * a.transitionsPerPartition;
  const p = prices.base;
  return {
    partitions,
    filesBefore,
    filesAfter,
    listRequests,
    getRequests,
    putRequests: filesAfter,
    invocations,
    lambdaGbSeconds: gbSeconds,
    stateTransitions,
    usd: {
      compaction_s3_list: listRequests * p.s3Put,
      compaction_s3_get: getRequests * prices.s3Get,
      compaction_s3_put: filesAfter * p.s3Put,
      compaction_lambda: gbSeconds * p.lambdaGbSecond.arm64 + invocations * p.lambdaRequest,
      compaction_step_functions: stateTransitions * prices.stepFunctionsTransition,
    },
  };
}

/**
 * The fair Firehose design: Canvas → SQS (the same queue, the same event source mapping and polling) → a
 * forwarder function → one Firehose stream per event type (format conversion reads one Glue schema per stream)
 * with JSON→Parquet conversion and dynamic partitioning on the event's day → S3.
 */
export interface FirehoseDesign {
  /**
   * How events reach the streams: `sqs`, the same queue and event source mapping as this lake, then a
   * forwarder function; or `https`, Canvas's HTTPS delivery to a function URL that verifies each event and
   * calls PutRecord (no queue; one invocation and one record per event).
   */
  readonly source: 'sqs' | 'https';
  /** Duration of the HTTPS receiver per event (signature check + PutRecord round trip). */
  readonly httpsReceiverSeconds: number;
  /** Buffer interval (60…900 s; dynamic partitioning allows no zero buffering; delivery may take 1.5×). */
  readonly bufferSeconds: number;
  /** Buffer size of each partition (64…128 MB with dynamic partitioning). */
  readonly bufferBytes: number;
  /** The forwarder's batching window: Firehose buffers anyway, so a short one keeps the data fresh. */
  readonly forwarderWindowSeconds: number;
  /** Memory of the forwarder (or HTTPS receiver). */
  readonly forwarderMemoryMb: number;
  /** One PutRecordBatch call (up to 500 records) from the forwarder. */
  readonly putRecordBatchSeconds: number;
  readonly recordsPerPutRecordBatch: number;
  /** Calls the forwarder keeps in flight. */
  readonly forwarderConcurrency: number;
  /**
   * The forwarder packs many events of one type into one record (newline-delimited) and the stream
   * de-aggregates them (multi-record deaggregation, up to 500 per record): the 5 KB rounding then applies to
   * packed records of up to `packedRecordBytes` instead of to every event.
   */
  readonly packed: boolean;
  readonly packedRecordBytes: number;
}

export interface FirehoseDay {
  readonly events: number;
  /** JSON bytes of the events as sent. */
  readonly jsonBytes: number;
  /** Bytes billed for ingestion and format conversion (5 KB rounding per record). */
  readonly billedBytes: number;
  /** Objects delivered to S3 by the per-type streams. */
  readonly objects: number;
  readonly sqs: SqsDay;
  readonly forwarderInvocations: number;
  readonly forwarderGbSeconds: number;
}

/** The day's Firehose-design cost by component (USD); compaction of its objects is added by the caller. */
export function firehoseUsd(day: FirehoseDay, prices: TrafficPrices): UsdBreakdown {
  const f = prices.firehose;
  const p = prices.base;
  return {
    ...sqsUsd(day.sqs, prices),
    forwarder_lambda_compute: day.forwarderGbSeconds * p.lambdaGbSecond.arm64,
    forwarder_lambda_requests: day.forwarderInvocations * p.lambdaRequest,
    firehose_ingestion: (day.billedBytes / GIB) * f.ingestionPerGb,
    firehose_format_conversion: (day.billedBytes / GIB) * f.formatConversionPerGb,
    firehose_dynamic_partitioning: (day.jsonBytes / GIB) * f.dynamicPartitioningPerGb,
    firehose_objects: day.objects * f.dynamicPartitioningPerObject,
    s3_put_objects: day.objects * p.s3Put,
  };
}

/**
 * Objects the per-type streams deliver in one hour of traffic, by table: each (type, day) partition buffer
 * flushes once per interval in which it got a record, and once more each time it fills `bufferBytes`.
 */
export function firehoseObjectsInHour(
  eventsPerSecond: number,
  /** Per table: rows per event and JSON bytes per row. */
  shares: Readonly<Record<string, { readonly rowsPerEvent: number; readonly bytesPerRow: number }>>,
  design: Pick<FirehoseDesign, 'bufferSeconds' | 'bufferBytes'>,
): Record<string, number> {
  const intervals = 3600 / design.bufferSeconds;
  const objects: Record<string, number> = {};
  for (const [table, { rowsPerEvent, bytesPerRow }] of Object.entries(shares)) {
    const rows = eventsPerSecond * rowsPerEvent * design.bufferSeconds;
    objects[table] = intervals * (-Math.expm1(-rows) + Math.floor((rows * bytesPerRow) / design.bufferBytes));
  }
  return objects;
}
