import { describe, expect, it } from 'vitest';
import {
  BatchModel,
  type BatchSample,
  billedSeconds,
  lakeFilesOf,
  lambdaSeconds,
  tableFilesOf,
} from '../../../bench/traffic/batch-model.js';

const sample = (messages: number, files: number, seconds: number): BatchSample => ({
  messages,
  batchesMeasured: 3,
  pipelineSeconds: seconds,
  tables: {
    asset_accessed: { files: 1, rows: messages / 2, bytes: 1000 * files },
    ...(files > 1 ? { logged_in: { files: files - 1, rows: 2, bytes: 100 } } : {}),
  },
  rawFiles: 1,
  quarantineFiles: files > 1 ? 1 : 0,
  costFiles: 1,
  rows: messages / 2 + (files > 1 ? 2 : 0),
});

describe('batch model', () => {
  const model = new BatchModel([sample(1000, 11, 0.2), sample(10, 1, 0.002)]);

  it('interpolates file counts in log(size), rows, bytes and time linearly in size', () => {
    // 100 lies halfway between 10 and 1,000 on a log scale, 1/11 of the way on a linear one.
    const mid = model.at(100);
    expect(mid.messages).toBe(100);
    expect(mid.pipelineSeconds).toBeCloseTo(0.002 + 0.198 / 11, 12);
    expect(mid.tables.asset_accessed?.files).toBe(1);
    expect(mid.tables.asset_accessed?.rows).toBeCloseTo(50, 12);
    expect(mid.tables.asset_accessed?.bytes).toBeCloseTo(1000 + 10_000 / 11, 9);
    // A table the smaller batch did not have counts as 0 there.
    expect(mid.tables.logged_in?.files).toBeCloseTo(5, 12);
    expect(mid.quarantineFiles).toBeCloseTo(0.5, 12);
    expect(tableFilesOf(mid)).toBeCloseTo(6, 12);
    expect(lakeFilesOf(mid)).toBeCloseTo(7.5, 12);
  });

  it('returns a measured size as measured; outside the range, files and time as measured, rows in proportion', () => {
    expect(model.at(1000).pipelineSeconds).toBe(0.2);
    expect(model.at(5).pipelineSeconds).toBe(0.002);
    expect(model.at(5).messages).toBe(5);
    expect(model.at(5).tables.asset_accessed?.rows).toBe(2.5);
    expect(model.at(50_000).tables.logged_in?.files).toBe(10);
    expect(model.at(2000).rows).toBe(1004);
    expect([model.smallest, model.largest]).toEqual([10, 1000]);
  });

  it('needs distinct measured sizes', () => {
    expect(() => new BatchModel([])).toThrow(/at least one/);
    expect(() => new BatchModel([sample(10, 1, 0), sample(10, 2, 0)])).toThrow(/distinct/);
  });
});

describe('Lambda duration of a measured batch', () => {
  it('scales the measured time to the CPU share of the memory and adds the S3 round trips', () => {
    // 17 table files + raw + quarantine = 19 lake files: 2 rounds of 16, then the cost record.
    const s = sample(1000, 17, 0.1);
    expect(lambdaSeconds(s, 1024)).toBeCloseTo((0.1 * 1769) / 1024 + 2 * 0.03 + 0.03, 12);
    // At or above 1,769 MB the function has a whole vCPU: the measured time as is.
    expect(lambdaSeconds(s, 3008)).toBeCloseTo(0.1 + 0.09, 12);
  });

  it('bills whole milliseconds, at least one', () => {
    expect(billedSeconds(0.0101)).toBe(0.011);
    expect(billedSeconds(0.25)).toBe(0.25);
    expect(billedSeconds(0)).toBe(0.001);
  });
});
