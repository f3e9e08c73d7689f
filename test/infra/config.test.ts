import { describe, expect, it } from 'vitest';
import { PLAUSIBLE_EVENT_TIME } from '../../lambda/contract/time.js';
import { INSTRUCTURE_ACCOUNT, parseStackConfig, StackConfigError } from '../../lib/config.js';

describe('stack configuration (CDK context)', () => {
  it('has working defaults', () => {
    const config = parseStackConfig({});
    expect(config).toMatchObject({
      stage: 'prod',
      queueName: 'canvas-live-events-prod',
      instructurePrincipal: INSTRUCTURE_ACCOUNT,
      outputFormat: 'parquet',
      compression: 'snappy',
      batchSize: 10_000,
      batchingWindowSeconds: 300,
      memoryMb: 1024,
      timeoutSeconds: 120,
      maxReceiveCount: 5,
      retainData: true,
    });
    expect(config.resolvedPrices.region).toBe('us-east-1');
  });

  it('accepts -c strings for numbers, booleans and JSON maps', () => {
    const config = parseStackConfig({
      stage: 'test',
      batchSize: '100',
      retainData: 'false',
      integrations: '{"10000000000056":"Registrar sync"}',
      prices: '{"region":"eu-west-1","lambdaGbSecond":{"arm64":0.0000141}}',
    });
    expect(config).toMatchObject({
      stage: 'test',
      batchSize: 100,
      retainData: false,
      integrations: { '10000000000056': 'Registrar sync' },
    });
    expect(config.resolvedPrices).toMatchObject({
      region: 'eu-west-1',
      lambdaGbSecond: { arm64: 0.0000141, x86_64: 0.0000166667 },
    });
  });

  it('rejects every bad value with one clear message', () => {
    const bad = () =>
      parseStackConfig({
        queueName: 'my-queue',
        outputFormat: 'csv',
        batchSize: '20000',
        memoryMb: 64,
        alarmEmail: 'not-an-email',
        instructurePrincipal: '123',
        logRetentionDays: 42,
      });
    expect(bad).toThrow(StackConfigError);
    try {
      bad();
    } catch (error) {
      const message = (error as Error).message;
      for (const key of [
        'queueName: must begin with canvas-live-events',
        'outputFormat',
        'batchSize',
        'memoryMb',
        'alarmEmail',
        'instructurePrincipal',
        'logRetentionDays',
      ]) {
        expect(message).toContain(key);
      }
    }
  });

  it('enforces the SQS event source rule and lifecycle order', () => {
    expect(() => parseStackConfig({ batchSize: 100, batchingWindowSeconds: 0 })).toThrow(
      /batchingWindowSeconds: must be at least 1/,
    );
    expect(() => parseStackConfig({ rawArchiveTransitionDays: 90, rawArchiveRetentionDays: 60 })).toThrow(
      /rawArchiveRetentionDays/,
    );
    expect(() => parseStackConfig({ prices: { s3Put: 'free' } })).toThrow(/prices/);
  });
});

describe('lakePrefix as people type it', () => {
  it.each([
    ['canvas', 'canvas'],
    ['canvas/', 'canvas'],
    ['/canvas', 'canvas'],
    ['/canvas/', 'canvas'],
    [' lakes/canvas// ', 'lakes/canvas'],
    ['/', ''],
    ['', ''],
  ])('reads %j as %j', (typed, prefix) => {
    expect(parseStackConfig({ lakePrefix: typed }).lakePrefix).toBe(prefix);
  });

  it.each([
    [
      's3://my-bucket/canvas',
      /lakePrefix: must be a key prefix inside the bucket \(e\.g\. canvas\), not an S3 URL/,
    ],
    ['lakes//canvas', /lakePrefix: must not contain an empty segment/],
    ['Canvas', /lakePrefix: must be lowercase letters, digits, _ or -/],
    ['canvas/../raw', /lakePrefix: must be lowercase letters, digits, _ or -/],
    ['a b', /lakePrefix: must be lowercase letters/],
  ])('rejects %j with a clear message', (typed, message) => {
    expect(() => parseStackConfig({ lakePrefix: typed })).toThrow(message);
  });
});

describe('retention and projection limits', () => {
  it('keeps the Live Events queue at most 4 days, so a dead letter has 10 of its 14 days left', () => {
    expect(parseStackConfig({}).queueRetentionDays).toBe(4);
    expect(parseStackConfig({ queueRetentionDays: '1' }).queueRetentionDays).toBe(1);
    expect(() => parseStackConfig({ queueRetentionDays: '5' })).toThrow(/queueRetentionDays/);
  });

  it('starts the partition projection no later than the earliest event date the pipeline writes', () => {
    expect(parseStackConfig({}).projectionStartDate).toBe(PLAUSIBLE_EVENT_TIME.earliestDate);
    expect(parseStackConfig({ projectionStartDate: '1999-06-01' }).projectionStartDate).toBe('1999-06-01');
    expect(() => parseStackConfig({ projectionStartDate: '2018-01-01' })).toThrow(
      /projectionStartDate: must be on or before 2000-01-01/,
    );
    expect(() => parseStackConfig({ projectionStartDate: '1999-02-30' })).toThrow(
      /projectionStartDate: must be a real date/,
    );
  });
});
