import { describe, expect, it } from 'vitest';
import {
  type CompactionAssumptions,
  compactionDay,
  firehoseObjectsInHour,
  firehoseUsd,
  ingestUsd,
  sumUsd,
} from '../../../bench/traffic/cost-model.js';
import { TRAFFIC_PRICES } from '../../../bench/traffic/prices.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

describe('ingest cost of a day', () => {
  it('prices every request at its unit price', () => {
    const usd = ingestUsd(
      {
        events: 1_000_000,
        sqs: { send: 1_000_000, receive: 500_000, emptyReceive: 1000, delete: 100_000 },
        invocations: 10_000,
        lambdaGbSeconds: 1000,
        puts: { table: 200_000, raw: 10_000, quarantine: 2000, cost: 10_000 },
        tables: {},
      },
      TRAFFIC_PRICES,
    );
    expect(usd.sqs_send).toBeCloseTo(0.4, 12);
    expect(usd.sqs_receive).toBeCloseTo(0.2, 12);
    expect(usd.sqs_delete).toBeCloseTo(0.04, 12);
    expect(usd.lambda_compute).toBeCloseTo(0.0133334, 12);
    expect(usd.lambda_requests).toBeCloseTo(0.002, 12);
    expect(usd.s3_put_table).toBeCloseTo(1, 12);
    expect(usd.s3_put_raw).toBeCloseTo(0.05, 12);
    expect(usd.s3_put_quarantine).toBeCloseTo(0.01, 12);
    expect(usd.s3_put_cost_record).toBeCloseTo(0.05, 12);
    expect(sumUsd(usd)).toBeCloseTo(0.4 + 0.2 + 0.04 + 0.0133334 + 0.002 + 1 + 0.05 + 0.01 + 0.05, 12);
  });
});

const assumptions: CompactionAssumptions = {
  readSecondsPerRow: 1e-5,
  writeSecondsPerRow: 1e-5,
  outputBytesRatio: 0.5,
  memoryMb: 1769,
  fullCpuMemoryMb: 1769,
  targetFileBytes: 256 * MIB,
  s3GetSeconds: 0.03,
  s3PutSeconds: 0.03,
  readConcurrency: 16,
  maxRunSeconds: 600,
  transitionsPerPartition: 2,
  transitionsPerDay: 4,
};

describe('compaction of a day', () => {
  it('lists, reads every file, writes one file per 256 MB and runs one function per partition', () => {
    const day = compactionDay(
      {
        asset_accessed: { files: 2000, rows: 100_000, bytes: GIB },
        logged_in: { files: 0, rows: 0, bytes: 0 },
      },
      assumptions,
      TRAFFIC_PRICES,
    );
    expect(day.partitions).toBe(1);
    expect(day.filesBefore).toBe(2000);
    // 1 GiB × 0.5 = 512 MiB: two 256 MiB files.
    expect(day.filesAfter).toBe(2);
    // 2 LISTs of the partition + 2 for the Distributed Map's item reader.
    expect(day.listRequests).toBe(4);
    expect(day.getRequests).toBe(2000);
    expect(day.putRequests).toBe(2);
    expect(day.invocations).toBe(1);
    // 100,000 rows × 20 µs + 125 rounds of 16 GETs × 30 ms + 2 PUTs × 30 ms = 5.81 s at 1,769 MB.
    expect(day.lambdaGbSeconds).toBeCloseTo((5.81 * 1769) / 1024, 9);
    expect(day.stateTransitions).toBe(6);
    expect(day.usd.compaction_s3_list).toBeCloseTo(4 * 0.000005, 15);
    expect(day.usd.compaction_s3_get).toBeCloseTo(2000 * 0.0000004, 15);
    expect(day.usd.compaction_s3_put).toBeCloseTo(2 * 0.000005, 15);
    expect(day.usd.compaction_step_functions).toBeCloseTo(6 * 0.000025, 15);
    expect(day.usd.compaction_lambda).toBeCloseTo(((5.81 * 1769) / 1024) * 0.0000133334 + 0.0000002, 15);
  });

  it('splits a partition that needs longer than one run', () => {
    const day = compactionDay(
      { big: { files: 16, rows: 60_000_000, bytes: GIB } },
      assumptions,
      TRAFFIC_PRICES,
    );
    // 1,200 s of rows + 0.03 s GET + 0.06 s PUTs: three runs of at most 600 s.
    expect(day.invocations).toBe(3);
  });

  it('costs nothing on a day without files', () => {
    const day = compactionDay({}, assumptions, TRAFFIC_PRICES);
    expect(day.stateTransitions).toBe(0);
    expect(sumUsd(day.usd)).toBe(0);
  });
});

describe('the Firehose design', () => {
  it('prices ingestion and conversion on the rounded bytes, partitioning on the bytes sent, and each object twice', () => {
    const usd = firehoseUsd(
      {
        events: 1,
        jsonBytes: GIB / 2,
        billedBytes: GIB,
        objects: 1000,
        sqs: { send: 1_000_000, receive: 0, emptyReceive: 0, delete: 0 },
        forwarderInvocations: 1_000_000,
        forwarderGbSeconds: 0,
      },
      TRAFFIC_PRICES,
    );
    expect(usd.firehose_ingestion).toBeCloseTo(0.029, 12);
    expect(usd.firehose_format_conversion).toBeCloseTo(0.018, 12);
    expect(usd.firehose_dynamic_partitioning).toBeCloseTo(0.01, 12);
    expect(usd.firehose_objects).toBeCloseTo(0.005, 12);
    expect(usd.s3_put_objects).toBeCloseTo(0.005, 12);
    expect(usd.sqs_send).toBeCloseTo(0.4, 12);
    expect(usd.forwarder_lambda_requests).toBeCloseTo(0.2, 12);
  });

  it('delivers one object per partition per buffer interval with data, and one more per full buffer', () => {
    const objects = firehoseObjectsInHour(
      1,
      {
        asset_accessed: { rowsPerEvent: 1, bytesPerRow: 1000 },
        rare: { rowsPerEvent: Math.LN2 / 300, bytesPerRow: 1000 },
        never: { rowsPerEvent: 0, bytesPerRow: 1000 },
      },
      { bufferSeconds: 300, bufferBytes: 100_000 },
    );
    // 12 intervals an hour; asset_accessed: 300 rows (300 kB) an interval → 1 + 3 full buffers.
    expect(objects.asset_accessed).toBeCloseTo(48, 9);
    // ln 2 expected rows an interval: data in half of them.
    expect(objects.rare).toBeCloseTo(6, 12);
    expect(objects.never).toBe(0);
  });
});
