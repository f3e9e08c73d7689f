/**
 * The traffic profiles of `npm run bench`: measures batches of the synthetic mix through the real pipeline at
 * every batch size the profiles need, then simulates a day at each rate with the deployed defaults
 * (lib/config.ts), for this lake and for the fair Firehose design, and a few levers.
 */
import { generateTerm } from '../../cli/synthetic-term.js';
import { parseStackConfig } from '../../lib/config.js';
import { BatchModel, LAMBDA_ASSUMPTIONS } from './batch-model.js';
import { eventsLabel, renderCostChart } from './chart.js';
import { type CompactionSpeed, measureCompactionSpeed } from './compaction-speed.js';
import type { CompactionAssumptions, FirehoseDesign } from './cost-model.js';
import { CAMPUS_DAY } from './diurnal.js';
import { batchCapacity, ESM_ASSUMPTIONS, type EsmConfig } from './esm.js';
import { measureBatches, measureMixShape } from './measure.js';
import { TRAFFIC_PRICES } from './prices.js';
import { type MixShape, type ProfileResult, simulateProfile } from './simulate.js';

export const PROFILE_EVENTS_PER_DAY = [
  100_000, 300_000, 1_000_000, 3_000_000, 10_000_000, 50_000_000,
] as const;

export const FIREHOSE_DESIGN: FirehoseDesign = {
  source: 'sqs',
  httpsReceiverSeconds: 0.025,
  bufferSeconds: 300,
  bufferBytes: 128 * 1024 * 1024,
  forwarderWindowSeconds: 60,
  forwarderMemoryMb: 128,
  putRecordBatchSeconds: 0.03,
  recordsPerPutRecordBatch: 500,
  forwarderConcurrency: 16,
  packed: false,
  packedRecordBytes: 1000 * 1024,
};

const COMPACTION_MEMORY_MB = 1769;
const COMPACTION_TARGET_BYTES = 256 * 1024 * 1024;

export interface Lever {
  readonly id: string;
  readonly description: string;
  readonly config?: Partial<EsmConfig>;
  readonly memoryMb?: number;
  /** A layout this lake does not have: every table of a batch in one file (compaction would split them by type). */
  readonly oneFilePerBatch?: boolean;
}

/** The levers the benchmark compares against the deployed defaults (each changes one thing). */
export const LEVERS: readonly Lever[] = [
  {
    id: 'window_60s',
    description: 'batching window 60 s (the previous default)',
    config: { windowSeconds: 60 },
  },
  { id: 'window_120s', description: 'batching window 120 s', config: { windowSeconds: 120 } },
  { id: 'window_300s', description: 'batching window 300 s (the maximum)', config: { windowSeconds: 300 } },
  {
    id: 'two_concurrent_batches',
    description:
      'window 300 s and 2 concurrent batches at low traffic instead of 5: what AWS "can" do without MaximumConcurrency, or MaximumConcurrency = 2 if the ESM then gathers no more batches than it may invoke (neither is documented as guaranteed)',
    config: { windowSeconds: 300, lowTrafficBatches: 2 },
  },
  {
    id: 'memory_512mb',
    description: 'window 300 s, function memory 512 MB',
    config: { windowSeconds: 300 },
    memoryMb: 512,
  },
  {
    id: 'memory_1769mb',
    description: 'window 300 s, function memory 1,769 MB (one vCPU)',
    config: { windowSeconds: 300 },
    memoryMb: 1769,
  },
  {
    id: 'one_file_per_batch',
    description:
      'window 300 s and (hypothetical, not implemented) one file per batch for all event types, split into per-type tables by compaction',
    config: { windowSeconds: 300 },
    oneFilePerBatch: true,
  },
  {
    id: 'two_batches_one_file',
    description: 'both of the above: 2 concurrent batches and one file per batch (window 300 s)',
    config: { windowSeconds: 300, lowTrafficBatches: 2 },
    oneFilePerBatch: true,
  },
];

/** The batch model of the hypothetical layout: each measured batch's table files merged into one. */
export function oneFilePerBatchModel(model: BatchModel): BatchModel {
  return new BatchModel(
    model.samples.map((s) => {
      const all = Object.values(s.tables);
      const files = all.reduce((n, t) => n + t.files, 0);
      return {
        ...s,
        tables: {
          all_tables: {
            files: Math.min(1, files),
            rows: all.reduce((n, t) => n + t.rows, 0),
            bytes: all.reduce((n, t) => n + t.bytes, 0),
          },
        },
      };
    }),
  );
}

export interface TrafficRun {
  readonly config: EsmConfig & { readonly memoryMb: number };
  readonly shape: MixShape;
  readonly model: BatchModel;
  readonly compactionSpeed: CompactionSpeed;
  readonly profiles: readonly ProfileResult[];
  readonly levers: readonly { readonly lever: Lever; readonly profiles: readonly ProfileResult[] }[];
  readonly measured: { readonly batches: number; readonly messages: number; readonly seconds: number };
}

/** Sizes from 1 to `cap`, about √2 apart. */
export function gridSizes(cap: number): number[] {
  const sizes = new Set<number>();
  for (let k = 0; Math.round(Math.SQRT2 ** k) < cap; k++) sizes.add(Math.round(Math.SQRT2 ** k));
  sizes.add(cap);
  return [...sizes].sort((a, b) => a - b);
}

export async function runTrafficProfiles(log: (text: string) => void): Promise<TrafficRun> {
  const started = performance.now();
  const stack = parseStackConfig({});
  const config: EsmConfig = {
    batchSize: stack.batchSize,
    windowSeconds: stack.batchingWindowSeconds,
    maxConcurrency: stack.maxConcurrency,
    lowTrafficBatches: 5,
  };
  const memoryMb = stack.memoryMb;

  // The mix's message sizes, from a day's worth of the generator's messages.
  const start = Date.UTC(2026, 9, 6, 12);
  const shapeBodies = generateTerm({ events: 20_000, seed: 13, window: { start, days: 1 / 24 } });
  const shape = measureMixShape(shapeBodies, TRAFFIC_PRICES.firehose.recordRoundingBytes);

  // Every batch size the ESM can produce, measured through the real pipeline.
  const cap = batchCapacity(config, shape);
  const sizes = gridSizes(cap);
  const keepAt = sizes.reduce((best, s) => (Math.abs(s - 512) < Math.abs(best - 512) ? s : best));
  log(`Traffic: measuring batches of ${sizes.length} sizes (1 … ${cap}) through the pipeline …`);
  // Warm the JIT on a few full batches first, as a warm function would be.
  await measureBatches({
    sizes: [Math.min(cap, 2000)],
    messagesPerSize: 0,
    minBatches: 2,
    maxBatches: 2,
    repeats: 1,
    repeatFrom: Number.POSITIVE_INFINITY,
    seed: 99,
    start,
    spanSeconds: 300,
  });
  const measured = await measureBatches({
    sizes,
    messagesPerSize: 2000,
    minBatches: 3,
    maxBatches: 200,
    repeats: 3,
    repeatFrom: 200,
    seed: 2026,
    start,
    spanSeconds: 300,
    keepTablesAtSize: keepAt,
  });
  const model = new BatchModel(measured.samples);
  log(
    `Traffic: measuring compaction (hyparquet read + hyparquet-writer write) on ${measured.kept.length} files …`,
  );
  const compactionSpeed = await measureCompactionSpeed(measured.kept);
  const compaction: CompactionAssumptions = {
    readSecondsPerRow: compactionSpeed.readSecondsPerRow,
    writeSecondsPerRow: compactionSpeed.writeSecondsPerRow,
    outputBytesRatio: compactionSpeed.outputBytesRatio,
    memoryMb: COMPACTION_MEMORY_MB,
    fullCpuMemoryMb: LAMBDA_ASSUMPTIONS.fullCpuMemoryMb,
    targetFileBytes: COMPACTION_TARGET_BYTES,
    s3GetSeconds: 0.03,
    s3PutSeconds: 0.03,
    readConcurrency: 16,
    maxRunSeconds: 600,
    transitionsPerPartition: 2,
    transitionsPerDay: 4,
  };
  const combined = oneFilePerBatchModel(model);
  const simulate = (eventsPerDay: number, lever?: Lever) =>
    simulateProfile({
      eventsPerDay,
      config: { ...config, ...lever?.config },
      memoryMb: lever?.memoryMb ?? memoryMb,
      model: lever?.oneFilePerBatch ? combined : model,
      shape,
      compaction,
      firehose: FIREHOSE_DESIGN,
      prices: TRAFFIC_PRICES,
    });
  const profiles = PROFILE_EVENTS_PER_DAY.map((n) => simulate(n));
  return {
    config: { ...config, memoryMb },
    shape,
    model,
    compactionSpeed,
    profiles,
    levers: LEVERS.map((lever) => ({
      lever,
      profiles: PROFILE_EVENTS_PER_DAY.map((n) => simulate(n, lever)),
    })),
    measured: {
      batches: measured.batches,
      messages: measured.messages,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));
const perMillion = (usd: number, events: number) => (usd / events) * 1e6;
const sqsUsdOf = (usd: Readonly<Record<string, number>>) =>
  (usd.sqs_send ?? 0) + (usd.sqs_receive ?? 0) + (usd.sqs_delete ?? 0);

/** The three Firehose variants, and the cheapest of them (the fair one to compare with). */
export function firehoseVariants(p: ProfileResult) {
  const variants = [
    { id: 'sqs_forwarder', result: p.firehose },
    { id: 'sqs_forwarder_packed', result: p.firehosePacked },
    { id: 'https_function_url', result: p.firehoseHttps },
  ] as const;
  const cheapest = variants.reduce((a, b) => (b.result.usdPerMillion < a.result.usdPerMillion ? b : a));
  return { variants, cheapest };
}

/** One profile as the benchmark's JSON reports it. */
export function profileJson(p: ProfileResult) {
  const i = p.ingest;
  const s3Puts = i.puts.table + i.puts.raw + i.puts.quarantine + i.puts.cost;
  const { cheapest } = firehoseVariants(p);
  const usd = (b: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, round(perMillion(v, p.eventsPerDay), 5)]));
  return {
    events_per_day: p.eventsPerDay,
    usd_per_million_events: round(p.usdPerMillion, 5),
    firehose_usd_per_million_events: round(p.firehose.usdPerMillion, 5),
    firehose_packed_usd_per_million_events: round(p.firehosePacked.usdPerMillion, 5),
    firehose_https_usd_per_million_events: round(p.firehoseHttps.usdPerMillion, 5),
    firehose_cheapest: cheapest.id,
    firehose_over_this: round(p.firehose.usdPerMillion / p.usdPerMillion, 2),
    firehose_cheapest_over_this: round(cheapest.result.usdPerMillion / p.usdPerMillion, 2),
    // The SQS requests are the same for this lake and the SQS-fed Firehose: without them, what each design adds.
    usd_per_million_events_without_sqs: round(perMillion(p.usdPerDay - sqsUsdOf(p.usd), p.eventsPerDay), 5),
    firehose_usd_per_million_events_without_sqs: round(
      perMillion(p.firehose.usdPerDay - sqsUsdOf(p.firehose.usd), p.eventsPerDay),
      5,
    ),
    sqs_share_of_cost: round(sqsUsdOf(p.usd) / p.usdPerDay, 3),
    s3_puts_per_day: Math.round(s3Puts + p.compaction.putRequests),
    s3_puts_per_day_by_kind: {
      table: Math.round(i.puts.table),
      raw: Math.round(i.puts.raw),
      quarantine: Math.round(i.puts.quarantine),
      cost_record: Math.round(i.puts.cost),
      compaction: Math.round(p.compaction.putRequests),
    },
    table_files_per_day: Math.round(i.puts.table),
    table_files_after_compaction: p.compaction.filesAfter,
    latency_to_query_s: round(p.latencyMaxSeconds, 1),
    latency_to_query_mean_s: round(p.latencyMeanSeconds, 1),
    firehose_latency_to_query_s: round(p.firehose.latencyMaxSeconds, 1),
    firehose_https_latency_to_query_s: round(p.firehoseHttps.latencyMaxSeconds, 1),
    invocations_per_day: Math.round(i.invocations),
    events_per_invocation: {
      min: round(p.messagesPerBatch.min, 1),
      mean: round(p.messagesPerBatch.mean, 1),
      max: round(p.messagesPerBatch.max, 1),
    },
    concurrent_batches: p.concurrentBatches,
    hours_by_batch_close: p.hoursClosedBy,
    keeps_up: p.keepsUp,
    sqs_requests_per_day: {
      send: Math.round(i.sqs.send),
      receive: Math.round(i.sqs.receive),
      receive_empty: Math.round(i.sqs.emptyReceive),
      delete: Math.round(i.sqs.delete),
    },
    lambda_gb_seconds_per_day: round(i.lambdaGbSeconds, 2),
    compaction: {
      partitions: p.compaction.partitions,
      files_before: Math.round(p.compaction.filesBefore),
      files_after: p.compaction.filesAfter,
      s3_list: p.compaction.listRequests,
      s3_get: Math.round(p.compaction.getRequests),
      invocations: p.compaction.invocations,
      lambda_gb_seconds: round(p.compaction.lambdaGbSeconds, 2),
      state_transitions: p.compaction.stateTransitions,
    },
    usd_per_million_events_by_component: usd(p.usd),
    firehose_usd_per_million_events_by_component: usd(p.firehose.usd),
    firehose_packed_usd_per_million_events_by_component: usd(p.firehosePacked.usd),
    firehose_https_usd_per_million_events_by_component: usd(p.firehoseHttps.usd),
    firehose_objects_per_day: Math.round(p.firehose.day.objects),
    cost_record_share_of_cost: round((p.usd.s3_put_cost_record ?? 0) / p.usdPerDay, 4),
  };
}

export function leverJson(run: TrafficRun) {
  return run.levers.flatMap(({ lever, profiles }) =>
    profiles.map((p, i) => ({
      lever: lever.id,
      description: lever.description,
      events_per_day: p.eventsPerDay,
      usd_per_million_events: round(p.usdPerMillion, 5),
      // Firehose does not change with this lake's levers: the default profile's cheapest variant.
      firehose_cheapest_over_this: round(
        firehoseVariants(run.profiles[i] as ProfileResult).cheapest.result.usdPerMillion / p.usdPerMillion,
        2,
      ),
      s3_puts_per_day: Math.round(
        p.ingest.puts.table +
          p.ingest.puts.raw +
          p.ingest.puts.quarantine +
          p.ingest.puts.cost +
          p.compaction.putRequests,
      ),
      table_files_per_day: Math.round(p.ingest.puts.table),
      invocations_per_day: Math.round(p.ingest.invocations),
      latency_to_query_s: round(p.latencyMaxSeconds, 1),
    })),
  );
}

/** Every assumption the figures rest on, for the JSON output and the printed report. */
export function assumptionsJson(run: TrafficRun) {
  const m = run.model;
  return {
    deployed_defaults: {
      batch_size: run.config.batchSize,
      batching_window_s: run.config.windowSeconds,
      max_concurrency: run.config.maxConcurrency,
      memory_mb: run.config.memoryMb,
      source: 'lib/config.ts (parseStackConfig({}))',
    },
    diurnal_curve: CAMPUS_DAY.description,
    event_source_mapping: {
      ...ESM_ASSUMPTIONS,
      low_traffic_concurrent_batches: run.config.lowTrafficBatches,
      batch_capacity_messages: batchCapacity(run.config, run.shape),
      notes:
        'batch closes at BatchSize, at the 6 MB invocation payload (SQS records as JSON), or at the window; the next window begins when the previous invocation completes; each concurrent batch is gathered by its own poller, which sees an equal share of the traffic and does not poll while its invocation runs; Poisson arrivals; a long poll returns with what arrived during one round trip',
    },
    message_shape: {
      record_bytes: round(run.shape.recordBytes, 1),
      message_bytes: round(run.shape.messageBytes, 1),
      json_bytes_per_event: round(run.shape.jsonBytesPerEvent, 1),
      firehose_billed_bytes_per_event: round(run.shape.firehoseBilledBytesPerEvent, 1),
      notes:
        'SQS records as Lambda delivers them (receipt handle of 352 characters, attributes, md5s, ARN) with Canvas event_name/event_time message attributes on Canvas-format messages',
    },
    lambda: {
      ...LAMBDA_ASSUMPTIONS,
      duration:
        'measured pipeline wall time on this machine × max(1, 1769 / memory MB) + one S3 PUT round trip per 16 lake files + one for the cost record; the benchmark machine core is taken as equal to a Graviton vCPU; INIT (cold start) duration is not counted: with 5 batches every window each environment is invoked at least every 5 minutes',
    },
    compaction: {
      source:
        '`canvas-lake compact` is not on main yet: modelled from hyparquet read + hyparquet-writer write speeds measured in this run on files the pipeline wrote',
      read_us_per_row: round(run.compactionSpeed.readSecondsPerRow * 1e6, 2),
      write_us_per_row: round(run.compactionSpeed.writeSecondsPerRow * 1e6, 2),
      output_bytes_ratio: round(run.compactionSpeed.outputBytesRatio, 3),
      measured_on: { files: run.compactionSpeed.files, rows: run.compactionSpeed.rows },
      memory_mb: COMPACTION_MEMORY_MB,
      target_file_bytes: COMPACTION_TARGET_BYTES,
      per_partition_per_day:
        'LIST (1 per 1,000 files) + GET per input file + PUT per output file + one Lambda run (more past 600 s) + 2 Step Functions Standard transitions; per day: 4 transitions and a LIST of the day’s files for the Distributed Map; DELETE is free',
    },
    firehose_design: {
      ...FIREHOSE_DESIGN,
      shape:
        'Canvas → the same SQS queue and event source mapping (the same SendMessage, ReceiveMessage and DeleteMessageBatch requests) → a forwarder Lambda (128 MB, window 60 s) → one Firehose stream per event type (record format conversion reads one Glue schema per stream) with JSON→Parquet conversion and dynamic partitioning on the event day → S3',
      what_it_needs_that_this_lake_does_not:
        'the forwarder, Firehose ingestion (5 KB rounding per record), format conversion, dynamic partitioning (per GB and per object), one stream per event type',
      what_both_pay:
        'Canvas SendMessage, the pollers’ ReceiveMessage (empty ones too) and DeleteMessageBatch, S3 PUTs of the delivered objects, compaction of small files',
      left_out_in_its_favour:
        'JQ processing hours ($0.07/h; the unit is ambiguous, counted as 0), the raw archive and per-invocation cost records this lake writes, the forwarder’s CPU time beyond waiting on PutRecordBatch',
      https_variant:
        'Canvas HTTPS delivery → a Lambda function URL (128 MB, 25 ms per event: signature check + PutRecord) → the same per-type streams; no SQS, one invocation and one 5 KB-rounded record per event; Canvas retries and the receiver’s signature check are assumed to work as for this lake’s HTTPS receiver',
      packed_variant:
        'the forwarder packs events of one type into records of up to 1,000 KiB and the stream de-aggregates them (multi-record deaggregation feeds dynamic partitioning; that it also feeds format conversion is assumed, not verified)',
      api_gateway_alternative:
        'HTTPS → API Gateway REST API → Firehose avoids SQS too but pays $3.50 per million requests, more than the function URL’s $0.20',
    },
    measured: {
      batch_sizes: m.samples.map((s) => s.messages),
      batches_run: run.measured.batches,
      messages_run: run.measured.messages,
      seconds: round(run.measured.seconds, 1),
      what: 'every batch size from 1 to the 6 MB limit (about √2 apart) went through toInboundMessage + runInvocation (decode, Parquet, raw archive, quarantine, cost record) into a counting sink: files by kind and table, rows, bytes, wall time',
      extrapolated:
        'each profile’s hours: batches per hour from the ESM model; per-batch files interpolated in log(batch size), rows, bytes and time linearly in batch size, between measured sizes; multiplied out to the day; S3, SQS and Firehose latencies are assumptions, not measurements',
    },
    prices: { sources: TRAFFIC_PRICES.sources, as_of: TRAFFIC_PRICES.asOf },
  };
}

/** The per-profile table of the printed report. */
export function trafficReport(run: TrafficRun): string[] {
  const head = [
    'events/day',
    'events/inv.',
    'inv./day',
    'S3 PUTs/day',
    'table files/day → compacted',
    'latency max (mean)',
    '$/M this',
    '$/M Firehose',
    '$/M FH packed',
    '$/M FH https',
    'cheapest FH/this',
  ];
  const rows = run.profiles.map((p) => {
    const j = profileJson(p);
    return [
      j.events_per_day.toLocaleString('en-US'),
      j.events_per_invocation.mean.toLocaleString('en-US'),
      j.invocations_per_day.toLocaleString('en-US'),
      j.s3_puts_per_day.toLocaleString('en-US'),
      `${j.table_files_per_day.toLocaleString('en-US')} → ${j.table_files_after_compaction}`,
      `${Math.round(j.latency_to_query_s)} s (${Math.round(j.latency_to_query_mean_s)} s)`,
      `$${j.usd_per_million_events.toFixed(4)}`,
      `$${j.firehose_usd_per_million_events.toFixed(4)}`,
      `$${j.firehose_packed_usd_per_million_events.toFixed(4)}`,
      `$${j.firehose_https_usd_per_million_events.toFixed(4)}`,
      `${j.firehose_cheapest_over_this.toFixed(2)}×`,
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, c) => cell.padStart(widths[c] as number)).join('  ')}`;
  return [line(head), ...rows.map(line)];
}

/** The levers of the printed report: USD per million events at each rate, and the cheapest Firehose over it. */
export function leverReport(run: TrafficRun): string[] {
  const head = ['lever', ...run.profiles.map((p) => eventsLabel(p.eventsPerDay))];
  const cell = (p: ProfileResult, i: number) =>
    `$${p.usdPerMillion.toFixed(3)} ${(firehoseVariants(run.profiles[i] as ProfileResult).cheapest.result.usdPerMillion / p.usdPerMillion).toFixed(2)}× ${Math.round(p.latencyMaxSeconds)}s`;
  const rows = [
    ['deployed defaults', ...run.profiles.map(cell)],
    ...run.levers.map(({ lever, profiles }) => [lever.id, ...profiles.map(cell)]),
  ];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ')}`;
  return [line(head), ...rows.map(line)];
}

/** The chart for finance (docs/traffic-cost.svg): USD per million events against events per day, each design. */
export function costChart(
  profiles: readonly ReturnType<typeof profileJson>[],
  run: {
    readonly windowSeconds: number;
    readonly batchSize: number;
    readonly maxConcurrency: number;
    readonly memoryMb: number;
    readonly date: string;
    readonly machine: string;
  },
): string {
  const line = (
    key:
      | 'usd_per_million_events'
      | 'firehose_usd_per_million_events'
      | 'firehose_packed_usd_per_million_events'
      | 'firehose_https_usd_per_million_events',
  ) => profiles.map((p) => [p.events_per_day, p[key]] as const);
  return renderCostChart({
    title: 'Cost per million Live Events, one simulated campus day per rate',
    series: [
      {
        label: 'this lake (SQS → Lambda → Parquet on S3)',
        color: '#1b7837',
        values: true,
        points: line('usd_per_million_events'),
      },
      {
        label: 'Firehose via SQS + forwarder, one record per event',
        color: '#c51b7d',
        points: line('firehose_usd_per_million_events'),
      },
      {
        label: 'Firehose via SQS + forwarder, events packed',
        color: '#c51b7d',
        dashed: true,
        points: line('firehose_packed_usd_per_million_events'),
      },
      {
        label: 'Firehose via HTTPS + function URL (no SQS)',
        color: '#2166ac',
        dashed: true,
        points: line('firehose_https_usd_per_million_events'),
      },
    ],
    notes: [
      'Every line: Canvas → per-type Parquet tables by day on S3, every request priced, compaction included.',
      "SQS-fed lines include Canvas's SendMessage and the pollers' receives and deletes (the same requests in both designs).",
      `This lake at the deployed defaults: window ${run.windowSeconds} s, batch size ${run.batchSize}, maximum concurrency ${run.maxConcurrency}, ${run.memoryMb} MB arm64; Firehose: 300 s buffers.`,
      `npm run bench, ${run.date}, ${run.machine}; us-east-1 prices as of ${TRAFFIC_PRICES.asOf}.`,
    ],
  });
}
