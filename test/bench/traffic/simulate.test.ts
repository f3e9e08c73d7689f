import { describe, expect, it } from 'vitest';
import { BatchModel, type BatchSample, LAMBDA_ASSUMPTIONS } from '../../../bench/traffic/batch-model.js';
import type { CompactionAssumptions } from '../../../bench/traffic/cost-model.js';
import { ESM_ASSUMPTIONS } from '../../../bench/traffic/esm.js';
import { TRAFFIC_PRICES } from '../../../bench/traffic/prices.js';
import {
  costChart,
  FIREHOSE_DESIGN,
  firehoseVariants,
  gridSizes,
  leverJson,
  oneFilePerBatchModel,
  profileJson,
  type TrafficRun,
} from '../../../bench/traffic/run.js';
import { type ProfileInput, simulateProfile } from '../../../bench/traffic/simulate.js';

/** Every batch, whatever its size: two files of one table, a raw archive, a cost record, no CPU time. */
const flat = (messages: number): BatchSample => ({
  messages,
  batchesMeasured: 1,
  pipelineSeconds: 0,
  tables: { asset_accessed: { files: 2, rows: messages, bytes: 100 * messages } },
  rawFiles: 1,
  quarantineFiles: 0,
  costFiles: 1,
  rows: messages,
});

const compaction: CompactionAssumptions = {
  readSecondsPerRow: 0,
  writeSecondsPerRow: 0,
  outputBytesRatio: 1,
  memoryMb: 1024,
  fullCpuMemoryMb: 1024,
  targetFileBytes: 256 * 1024 * 1024,
  s3GetSeconds: 0,
  s3PutSeconds: 0,
  readConcurrency: 16,
  maxRunSeconds: 600,
  transitionsPerPartition: 2,
  transitionsPerDay: 4,
};

/** 86,400 events a day, the same every hour: 1 event/s. */
const input: ProfileInput = {
  eventsPerDay: 86_400,
  config: { batchSize: 10_000, windowSeconds: 300, maxConcurrency: 5, lowTrafficBatches: 5 },
  memoryMb: 1024,
  model: new BatchModel([flat(1), flat(1000)]),
  shape: {
    recordBytes: 2000,
    messageBytes: 1200,
    sendChunksPerMessage: 1,
    jsonBytesPerEvent: 1000,
    firehoseBilledBytesPerEvent: 5120,
  },
  compaction,
  firehose: FIREHOSE_DESIGN,
  prices: TRAFFIC_PRICES,
  curve: { hourly: Array(24).fill(1), utcOffsetHours: 0, description: 'flat' },
  esm: { ...ESM_ASSUMPTIONS, receiveRoundTripSeconds: 0 },
  lambda: { ...LAMBDA_ASSUMPTIONS, s3PutSeconds: 0 },
};

describe('a simulated day', () => {
  const day = simulateProfile(input);

  it('counts batches, files and requests from the batching model and the measured batch', () => {
    // 5 pollers × one 300 s window each: 60 events a batch, 1,440 batches a day.
    expect(day.ingest.invocations).toBeCloseTo(1440, 6);
    expect(day.messagesPerBatch.mean).toBeCloseTo(60, 6);
    expect(day.ingest.puts).toEqual({
      table: expect.closeTo(2880, 6),
      raw: expect.closeTo(1440, 6),
      quarantine: 0,
      cost: expect.closeTo(1440, 6),
    });
    expect(day.ingest.tables.asset_accessed?.rows).toBeCloseTo(86_400, 6);
    expect(day.ingest.sqs.send).toBe(86_400);
    // DeleteMessageBatch: 6 per 60-message batch.
    expect(day.ingest.sqs.delete).toBeCloseTo(8640, 6);
    // Each of 5 pollers sees 0.2 events/s all day.
    expect(day.ingest.sqs.receive).toBeCloseTo((86_400 * 5 * 0.2) / -Math.expm1(-4), 6);
    // A billed millisecond per invocation at 1 GB.
    expect(day.ingest.lambdaGbSeconds).toBeCloseTo(1.44, 9);
    expect(day.latencyMaxSeconds).toBe(300);
    expect(day.latencyMeanSeconds).toBeCloseTo(150, 9);
    expect(day.keepsUp).toBe(true);
    expect(day.hoursClosedBy).toEqual({ window: 24, batch_size: 0, payload_6mb: 0 });
  });

  it('prices the day, compaction included', () => {
    expect(day.usd.s3_put_table).toBeCloseTo(2880 * 0.000005, 12);
    expect(day.usd.lambda_requests).toBeCloseTo(1440 * 0.0000002, 12);
    expect(day.compaction.partitions).toBe(1);
    expect(day.compaction.filesBefore).toBeCloseTo(2880, 6);
    expect(day.compaction.filesAfter).toBe(1);
    const total = Object.values(day.usd).reduce((a, b) => a + b, 0);
    expect(day.usdPerMillion).toBeCloseTo((total / 86_400) * 1e6, 9);
  });

  it('prices Firehose on the same traffic: one object per type per 5-minute buffer, 5 KB per event', () => {
    // One table, rows in every interval: 12 objects an hour.
    expect(day.firehose.day.objects).toBeCloseTo(288, 4);
    expect(day.firehose.day.billedBytes).toBe(86_400 * 5120);
    expect(day.firehose.day.sqs.send).toBe(86_400);
    // The forwarder's 60 s window and its 30 ms PutRecordBatch: 12.006 events a poller's cycle (Poisson).
    const share = 60.03 / 5;
    expect(day.firehose.day.forwarderInvocations).toBeCloseTo(86_400 / (share / -Math.expm1(-share)), 6);
    expect(day.firehose.latencyMaxSeconds).toBeCloseTo(60 + 0.03 + 450, 9);
    // Packed records: 2 per batch (the table's files) plus the bytes per 1,000 KiB, each rounded up by half of 5 KB.
    const batches = day.firehosePacked.day.forwarderInvocations;
    expect(day.firehosePacked.day.billedBytes).toBeCloseTo(
      86_400_000 + (batches * 2 + 86_400_000 / (1000 * 1024)) * 2560,
      3,
    );
  });

  it('prices Firehose fed over HTTPS: no queue, one receiver invocation and one 5 KB record per event', () => {
    const https = day.firehoseHttps;
    expect(https.day.sqs).toEqual({ send: 0, receive: 0, emptyReceive: 0, delete: 0 });
    expect(https.day.forwarderInvocations).toBeCloseTo(86_400, 9);
    expect(https.day.forwarderGbSeconds).toBeCloseTo(86_400 * 0.025 * (128 / 1024), 9);
    expect(https.day.billedBytes).toBe(86_400 * 5120);
    expect(https.day.objects).toBeCloseTo(288, 4);
    expect(https.latencyMaxSeconds).toBeCloseTo(0.025 + 450, 9);
    expect(https.usd.sqs_send).toBe(0);
  });

  it('compares with the cheapest Firehose variant', () => {
    const { variants, cheapest } = firehoseVariants(day);
    expect(variants.map((v) => v.id)).toEqual([
      'sqs_forwarder',
      'sqs_forwarder_packed',
      'https_function_url',
    ]);
    expect(cheapest.result.usdPerMillion).toBe(Math.min(...variants.map((v) => v.result.usdPerMillion)));
    expect(profileJson(day).firehose_cheapest).toBe(cheapest.id);
  });

  it('draws the chart for finance from the reported profiles: this lake and three Firehose designs', () => {
    const svg = costChart([profileJson(day)], {
      ...input.config,
      memoryMb: 1024,
      date: '2026-12-05',
      machine: 'here',
    });
    expect(svg).toContain('<title>Cost per million Live Events');
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg).toContain('window 300 s, batch size 10000, maximum concurrency 5, 1024 MB arm64');
    expect(svg).toContain('npm run bench, 2026-12-05, here');
  });

  it('reports the profile with the keys the benchmark promises', () => {
    const json = profileJson(day);
    expect(json).toMatchObject({
      events_per_day: 86_400,
      s3_puts_per_day: 2880 + 1440 + 1440 + 1,
      table_files_per_day: 2880,
      table_files_after_compaction: 1,
      latency_to_query_s: 300,
      invocations_per_day: 1440,
    });
    expect(json.usd_per_million_events).toBeCloseTo(day.usdPerMillion, 4);
    expect(json.firehose_usd_per_million_events).toBeCloseTo(day.firehose.usdPerMillion, 4);
  });
});

describe('levers', () => {
  it('merges every table of a batch into one file for the hypothetical layout', () => {
    const model = oneFilePerBatchModel(
      new BatchModel([
        {
          ...flat(10),
          tables: {
            a: { files: 1, rows: 7, bytes: 70 },
            b: { files: 0.5, rows: 3, bytes: 30 },
          },
        },
      ]),
    );
    expect(model.at(10).tables).toEqual({ all_tables: { files: 1, rows: 10, bytes: 100 } });
  });

  it('compares each lever with the Firehose figure of the default profile', () => {
    const base = simulateProfile(input);
    const slower = simulateProfile({ ...input, config: { ...input.config, windowSeconds: 60 } });
    const run = {
      profiles: [base],
      levers: [{ lever: { id: 'window_60s', description: '' }, profiles: [slower] }],
    } as unknown as TrafficRun;
    const [row] = leverJson(run);
    expect(row).toMatchObject({ lever: 'window_60s', invocations_per_day: 7200, latency_to_query_s: 60 });
    expect(row?.firehose_cheapest_over_this).toBeCloseTo(
      firehoseVariants(base).cheapest.result.usdPerMillion / slower.usdPerMillion,
      2,
    );
  });

  it('measures batch sizes about √2 apart up to the largest batch', () => {
    expect(gridSizes(10)).toEqual([1, 2, 3, 4, 6, 8, 10]);
    expect(gridSizes(1)).toEqual([1]);
  });
});
