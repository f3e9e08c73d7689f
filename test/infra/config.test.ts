import { describe, expect, it } from 'vitest';
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
