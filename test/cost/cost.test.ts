import { describe, expect, it } from 'vitest';
import { invocationCost, maintenanceCost } from '../../lambda/cost/cost.js';
import { DEFAULT_PRICES, resolvePrices } from '../../lambda/cost/prices.js';
import { costRecordFor } from '../../lambda/cost/record.js';

describe('invocation cost', () => {
  it('adds Lambda GB-seconds by architecture, the request charge, S3 PUTs and SQS requests', () => {
    const cost = invocationCost(
      { durationMs: 1999.2, memoryMb: 1024, architecture: 'arm64', messages: 95, s3Puts: 12 },
      DEFAULT_PRICES,
    );
    expect(cost.billedDurationMs).toBe(2000);
    expect(cost.lambdaComputeUsd).toBeCloseTo(2 * 0.0000133334, 12);
    expect(cost.lambdaRequestUsd).toBeCloseTo(0.0000002, 12);
    expect(cost.s3PutUsd).toBeCloseTo(12 * 0.000005, 12);
    expect(cost.sqsRequests).toBe(20);
    expect(cost.sqsUsd).toBeCloseTo(20 * 0.0000004, 12);
    expect(cost.totalUsd).toBeCloseTo(
      cost.lambdaComputeUsd + cost.lambdaRequestUsd + cost.s3PutUsd + cost.sqsUsd,
      15,
    );
  });

  it('prices a maintenance invocation: duration, request, PUTs, GETs, LISTs at the PUT price, state transitions', () => {
    const cost = maintenanceCost(
      {
        durationMs: 2500,
        memoryMb: 4096,
        architecture: 'arm64',
        s3Gets: 100,
        s3Puts: 3,
        s3Lists: 2,
        stateTransitions: 2,
      },
      DEFAULT_PRICES,
    );
    expect(cost.lambdaComputeUsd).toBeCloseTo(4 * 2.5 * 0.0000133334, 12);
    expect(cost.s3GetUsd).toBeCloseTo(100 * 0.0000004, 12);
    expect(cost.s3PutUsd).toBeCloseTo(3 * 0.000005, 12);
    expect(cost.s3ListUsd).toBeCloseTo(2 * 0.000005, 12);
    expect(cost.stepFunctionsUsd).toBeCloseTo(2 * 0.000025, 12);
    expect(cost.totalUsd).toBeCloseTo(
      cost.lambdaComputeUsd +
        cost.lambdaRequestUsd +
        cost.s3PutUsd +
        cost.s3GetUsd +
        cost.s3ListUsd +
        cost.stepFunctionsUsd,
      15,
    );
  });

  it('charges x86_64 more than arm64 for the same duration', () => {
    const usage = { durationMs: 500, memoryMb: 512, messages: 1, s3Puts: 1 };
    expect(
      invocationCost({ ...usage, architecture: 'x86_64' }, DEFAULT_PRICES).lambdaComputeUsd,
    ).toBeGreaterThan(invocationCost({ ...usage, architecture: 'arm64' }, DEFAULT_PRICES).lambdaComputeUsd);
  });

  it('accepts a partial price override and rejects a malformed one', () => {
    const prices = resolvePrices({ region: 'eu-west-1', lambdaGbSecond: { arm64: 0.00002 } });
    expect(prices).toMatchObject({
      region: 'eu-west-1',
      lambdaGbSecond: { arm64: 0.00002, x86_64: 0.0000166667 },
    });
    expect(prices.s3Put).toBe(DEFAULT_PRICES.s3Put);
    expect(() => resolvePrices({ s3Put: -1 })).toThrow();
    expect(() => resolvePrices({ s3put: 1 })).toThrow();
    expect(resolvePrices(undefined)).toBe(DEFAULT_PRICES);
  });

  it('writes one documented record per invocation under costs/dt=<start date>/<request id>.json', () => {
    const record = costRecordFor(
      {
        requestId: 'req/1',
        functionName: 'fn',
        startedAt: Date.UTC(2026, 10, 23, 23, 59),
        durationMs: 10,
        memoryMb: 1024,
        architecture: 'arm64',
      },
      {
        messages: 3,
        events: 4,
        rows: 3,
        duplicates: 0,
        quarantined: 1,
        failedMessages: 0,
        filesWritten: 3,
        bytesWritten: 100,
        puts: 3,
        tableRows: { a: 3 },
      },
      DEFAULT_PRICES,
      'lake',
    );
    expect(record.key).toBe('lake/costs/dt=2026-11-23/req_1.json');
    const json = JSON.parse(new TextDecoder().decode(record.body)) as Record<string, unknown>;
    expect(json).toMatchObject({
      request_id: 'req/1',
      s3_puts: 4,
      messages: 3,
      table_rows: '{"a":3}',
      price_as_of: DEFAULT_PRICES.asOf,
    });
    expect(json.total_usd).toBeCloseTo(record.cost.totalUsd, 15);
  });
});
