/**
 * One simulated day of Live Events at a given rate: the campus curve gives each hour's traffic, the event source
 * mapping model turns it into batches and SQS requests, and the measured batches (through the real pipeline)
 * give each batch's files, rows and duration. The same day is priced for this lake and for the fair Firehose
 * design, compaction included for both.
 */
import {
  type BatchModel,
  billedSeconds,
  LAMBDA_ASSUMPTIONS,
  type LambdaAssumptions,
  lambdaSeconds,
  type TableFiles,
  tableFilesOf,
} from './batch-model.js';
import {
  type CompactionAssumptions,
  type CompactionDay,
  compactionDay,
  type FirehoseDay,
  type FirehoseDesign,
  firehoseObjectsInHour,
  firehoseUsd,
  type IngestDay,
  ingestUsd,
  type SqsDay,
  sumUsd,
  type UsdBreakdown,
} from './cost-model.js';
import { CAMPUS_DAY, type CampusCurve, hoursOfDay } from './diurnal.js';
import {
  type BatchClosedBy,
  ESM_ASSUMPTIONS,
  type EsmAssumptions,
  type EsmConfig,
  type EsmHour,
  esmHour,
  type MessageShape,
} from './esm.js';
import type { TrafficPrices } from './prices.js';

/** The synthetic mix's message sizes, measured by the benchmark. */
export interface MixShape extends MessageShape {
  /** Mean 64 KB chunks per SendMessage. */
  readonly sendChunksPerMessage: number;
  /** Mean JSON bytes of an event (the message body). */
  readonly jsonBytesPerEvent: number;
  /** Mean bytes Firehose bills per event sent as its own record (rounded up to 5 KB). */
  readonly firehoseBilledBytesPerEvent: number;
}

export interface ProfileInput {
  readonly eventsPerDay: number;
  readonly config: EsmConfig;
  readonly memoryMb: number;
  readonly model: BatchModel;
  readonly shape: MixShape;
  readonly compaction: CompactionAssumptions;
  readonly firehose: FirehoseDesign;
  readonly prices: TrafficPrices;
  readonly curve?: CampusCurve;
  readonly esm?: EsmAssumptions;
  readonly lambda?: LambdaAssumptions;
}

export interface FirehoseResult {
  readonly design: FirehoseDesign;
  readonly day: FirehoseDay;
  readonly compaction: CompactionDay;
  readonly usd: UsdBreakdown;
  readonly usdPerDay: number;
  readonly usdPerMillion: number;
  /** Batching of the forwarder + 1.5 × the buffer interval (AWS: dynamic partitioning may deliver that late). */
  readonly latencyMaxSeconds: number;
}

export interface ProfileResult {
  readonly eventsPerDay: number;
  readonly hours: readonly EsmHour[];
  readonly ingest: IngestDay;
  readonly compaction: CompactionDay;
  /** Ingest and compaction, by component. */
  readonly usd: UsdBreakdown;
  readonly usdPerDay: number;
  readonly usdPerMillion: number;
  readonly latencyMaxSeconds: number;
  readonly latencyMeanSeconds: number;
  readonly messagesPerBatch: { readonly min: number; readonly mean: number; readonly max: number };
  readonly concurrentBatches: { readonly min: number; readonly max: number };
  /** Hours of the day by what closed their batches. */
  readonly hoursClosedBy: Readonly<Record<BatchClosedBy, number>>;
  readonly keepsUp: boolean;
  /** Firehose with one record per event (5 KB rounding on each). */
  readonly firehose: FirehoseResult;
  /** Firehose with events packed into records and de-aggregated by the stream. */
  readonly firehosePacked: FirehoseResult;
  /** Firehose fed by Canvas's HTTPS delivery through a function URL: no SQS, one record per event. */
  readonly firehoseHttps: FirehoseResult;
}

const addTo = (into: Record<string, TableFiles>, table: string, t: TableFiles, times: number) => {
  const prev = into[table] ?? { files: 0, rows: 0, bytes: 0 };
  into[table] = {
    files: prev.files + t.files * times,
    rows: prev.rows + t.rows * times,
    bytes: prev.bytes + t.bytes * times,
  };
};

const PUT_RECORD_BATCH_MAX_BYTES = 4 * 1024 * 1024;

export function simulateProfile(input: ProfileInput): ProfileResult {
  const esmA = input.esm ?? ESM_ASSUMPTIONS;
  const lambdaA = input.lambda ?? LAMBDA_ASSUMPTIONS;
  const { model, shape, config, prices } = input;
  const durationOf = (n: number) => lambdaSeconds(model.at(n), input.memoryMb, lambdaA);
  const hours = hoursOfDay(input.eventsPerDay, input.curve ?? CAMPUS_DAY).map((h) => ({
    hour: h,
    esm: esmHour(h.eventsPerSecond, config, shape, durationOf, esmA),
  }));

  // This lake: every hour's batches, priced from the measured batch of that size.
  const tables: Record<string, TableFiles> = {};
  const sqs = { send: 0, receive: 0, emptyReceive: 0, delete: 0 };
  const puts = { table: 0, raw: 0, quarantine: 0, cost: 0 };
  let invocations = 0;
  let gbSeconds = 0;
  let latencyWeighted = 0;
  const closedBy: Record<BatchClosedBy, number> = { window: 0, batch_size: 0, payload_6mb: 0 };
  for (const { hour, esm } of hours) {
    sqs.send += hour.events * shape.sendChunksPerMessage;
    sqs.receive += esm.receiveRequestsPerSecond * 3600;
    sqs.emptyReceive += esm.emptyReceivesPerSecond * 3600;
    sqs.delete += esm.deleteRequestsPerSecond * 3600;
    closedBy[esm.closedBy]++;
    if (esm.invocationsPerSecond === 0) continue;
    const batches = esm.invocationsPerSecond * 3600;
    const sample = model.at(esm.messagesPerBatch);
    invocations += batches;
    gbSeconds += batches * billedSeconds(esm.invocationSeconds) * (input.memoryMb / 1024);
    puts.table += batches * tableFilesOf(sample);
    puts.raw += batches * sample.rawFiles;
    puts.quarantine += batches * sample.quarantineFiles;
    puts.cost += batches * sample.costFiles;
    for (const [table, t] of Object.entries(sample.tables)) addTo(tables, table, t, batches);
    latencyWeighted += hour.events * esm.latencyMeanSeconds;
  }
  const ingest: IngestDay = {
    events: input.eventsPerDay,
    sqs,
    invocations,
    lambdaGbSeconds: gbSeconds,
    puts,
    tables,
  };
  const compaction = compactionDay(tables, input.compaction, prices);
  const usd = { ...ingestUsd(ingest, prices), ...compaction.usd };
  const usdPerDay = sumUsd(usd);
  const active = hours.filter((h) => h.esm.invocationsPerSecond > 0).map((h) => h.esm);
  const keepsUp = hours.every((h) => h.esm.keepsUp);

  const firehoseFor = (design: FirehoseDesign): FirehoseResult => {
    // Rows per event of each table, from the largest measured batch (the steadiest mix).
    const reference = model.at(model.largest);
    const shares = Object.fromEntries(
      Object.entries(reference.tables).map(([table, t]) => [
        table,
        { rowsPerEvent: t.rows / reference.messages, bytesPerRow: shape.jsonBytesPerEvent },
      ]),
    );
    const forwarderConfig = { ...config, windowSeconds: design.forwarderWindowSeconds };
    const callsPerBatch = (n: number) => {
      const s = model.at(n);
      const records = design.packed
        ? (n * shape.jsonBytesPerEvent) / PUT_RECORD_BATCH_MAX_BYTES
        : s.rows / design.recordsPerPutRecordBatch;
      return Math.max(tableFilesOf(s), records);
    };
    const forwarderSeconds = (n: number) =>
      Math.ceil(callsPerBatch(n) / design.forwarderConcurrency - 1e-9) * design.putRecordBatchSeconds;
    const fwSqs: SqsDay = { send: 0, receive: 0, emptyReceive: 0, delete: 0 };
    const objectsByTable: Record<string, number> = {};
    let fwInvocations = 0;
    let fwGbSeconds = 0;
    let packedRecords = 0;
    let fwLatency = 0;
    for (const { hour } of hours) {
      for (const [table, n] of Object.entries(firehoseObjectsInHour(hour.eventsPerSecond, shares, design))) {
        objectsByTable[table] = (objectsByTable[table] ?? 0) + n;
      }
      if (design.source === 'https') {
        // Canvas POSTs each event to a function URL, which verifies it and calls PutRecord: no queue at all.
        fwInvocations += hour.events;
        fwGbSeconds +=
          hour.events * billedSeconds(design.httpsReceiverSeconds) * (design.forwarderMemoryMb / 1024);
        if (hour.events > 0) fwLatency = Math.max(fwLatency, design.httpsReceiverSeconds);
        continue;
      }
      const fw = esmHour(hour.eventsPerSecond, forwarderConfig, shape, forwarderSeconds, esmA);
      const batches = fw.invocationsPerSecond * 3600;
      Object.assign(fwSqs, {
        send: fwSqs.send + hour.events * shape.sendChunksPerMessage,
        receive: fwSqs.receive + fw.receiveRequestsPerSecond * 3600,
        emptyReceive: fwSqs.emptyReceive + fw.emptyReceivesPerSecond * 3600,
        delete: fwSqs.delete + fw.deleteRequestsPerSecond * 3600,
      });
      fwInvocations += batches;
      if (batches > 0) {
        fwGbSeconds += batches * billedSeconds(fw.invocationSeconds) * (design.forwarderMemoryMb / 1024);
        const s = model.at(fw.messagesPerBatch);
        packedRecords +=
          batches *
          (tableFilesOf(s) + (fw.messagesPerBatch * shape.jsonBytesPerEvent) / design.packedRecordBytes);
        fwLatency = Math.max(fwLatency, fw.latencyMaxSeconds);
      }
    }
    const jsonBytes = input.eventsPerDay * shape.jsonBytesPerEvent;
    const billedBytes = design.packed
      ? jsonBytes + packedRecords * (prices.firehose.recordRoundingBytes / 2)
      : input.eventsPerDay * shape.firehoseBilledBytesPerEvent;
    const objects = Object.values(objectsByTable).reduce((a, b) => a + b, 0);
    const day: FirehoseDay = {
      events: input.eventsPerDay,
      jsonBytes,
      billedBytes,
      objects,
      sqs: fwSqs,
      forwarderInvocations: fwInvocations,
      forwarderGbSeconds: fwGbSeconds,
    };
    // The delivered objects are as small as this lake's files: compacting them costs the same way.
    const fhTables: Record<string, TableFiles> = {};
    for (const [table, t] of Object.entries(tables)) {
      fhTables[table] = { files: objectsByTable[table] ?? 0, rows: t.rows, bytes: t.bytes };
    }
    const fhCompaction = compactionDay(fhTables, input.compaction, prices);
    const fhUsd = { ...firehoseUsd(day, prices), ...fhCompaction.usd };
    const fhPerDay = sumUsd(fhUsd);
    return {
      design,
      day,
      compaction: fhCompaction,
      usd: fhUsd,
      usdPerDay: fhPerDay,
      usdPerMillion: (fhPerDay / input.eventsPerDay) * 1e6,
      latencyMaxSeconds: fwLatency + 1.5 * design.bufferSeconds,
    };
  };

  return {
    eventsPerDay: input.eventsPerDay,
    hours: hours.map((h) => h.esm),
    ingest,
    compaction,
    usd,
    usdPerDay,
    usdPerMillion: (usdPerDay / input.eventsPerDay) * 1e6,
    latencyMaxSeconds: Math.max(0, ...active.map((h) => h.latencyMaxSeconds)),
    latencyMeanSeconds: latencyWeighted / input.eventsPerDay,
    messagesPerBatch: {
      min: Math.min(...active.map((h) => h.messagesPerBatch)),
      mean: input.eventsPerDay / invocations,
      max: Math.max(...active.map((h) => h.messagesPerBatch)),
    },
    concurrentBatches: {
      min: Math.min(...hours.map((h) => h.esm.concurrentBatches)),
      max: Math.max(...hours.map((h) => h.esm.concurrentBatches)),
    },
    hoursClosedBy: closedBy,
    keepsUp,
    firehose: firehoseFor({ ...input.firehose, source: 'sqs', packed: false }),
    firehosePacked: firehoseFor({ ...input.firehose, source: 'sqs', packed: true }),
    firehoseHttps: firehoseFor({ ...input.firehose, source: 'https', packed: false }),
  };
}
