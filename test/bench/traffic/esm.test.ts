import { describe, expect, it } from 'vitest';
import {
  batchCapacity,
  ESM_ASSUMPTIONS,
  type EsmAssumptions,
  type EsmConfig,
  esmHour,
  receiveCallsPerPollerSecond,
} from '../../../bench/traffic/esm.js';

const config: EsmConfig = { batchSize: 10_000, windowSeconds: 300, maxConcurrency: 5, lowTrafficBatches: 5 };
const shape = { recordBytes: 1000, messageBytes: 1000 };
/** No receive round trip: the formulas reduce to hand-computable values. */
const exact: EsmAssumptions = { ...ESM_ASSUMPTIONS, receiveRoundTripSeconds: 0 };

describe('batch capacity', () => {
  it('is the most records that fit the 6 MB payload with the event envelope', () => {
    // 6,291 records: 6,291 × 1,000 − 1 (no comma after the last) + 14 = 6,291,013 ≤ 6,291,456; 6,292 would not fit.
    expect(batchCapacity(config, shape)).toBe(6291);
    // 8 records of 10 bytes: 79 + 14 = 93 ≤ 100; a ninth would make 103.
    const small = { ...ESM_ASSUMPTIONS, payloadLimitBytes: 100 };
    expect(batchCapacity(config, { recordBytes: 10, messageBytes: 10 }, small)).toBe(8);
    // Never below one message (a real SQS message is far smaller than the 6 MB limit).
    expect(batchCapacity(config, shape, small)).toBe(1);
  });

  it('is BatchSize when the records are small', () => {
    expect(batchCapacity(config, { recordBytes: 100, messageBytes: 100 })).toBe(10_000);
    expect(batchCapacity({ ...config, batchSize: 50 }, shape)).toBe(50);
  });
});

describe('receive calls of one poller', () => {
  it('is one long poll every 20 s (plus the round trip) on an idle queue', () => {
    expect(receiveCallsPerPollerSecond(0)).toBeCloseTo(1 / 20.02, 12);
  });

  it('waits for the next message, at most the long poll', () => {
    // Rate ln 2 / 20: a message comes within the 20 s long poll half of the time; E[wait] = (1 − ½) / rate.
    expect(receiveCallsPerPollerSecond(Math.LN2 / 20, exact)).toBeCloseTo(Math.LN2 / 10, 12);
  });

  it('returns full receives of 10 messages at high traffic', () => {
    expect(receiveCallsPerPollerSecond(1000)).toBe(100);
  });
});

describe('an hour through the event source mapping', () => {
  it('closes window-limited batches: five pollers each get a fifth of the traffic', () => {
    // 1 event/s, 300 s window, 5 batches: 60 messages a batch, one batch a minute.
    const hour = esmHour(1, config, shape, () => 0, exact);
    expect(hour.closedBy).toBe('window');
    expect(hour.concurrentBatches).toBe(5);
    expect(hour.messagesPerBatch).toBeCloseTo(60, 9);
    expect(hour.invocationsPerSecond * 86_400).toBeCloseTo(1440, 6);
    expect(hour.latencyMaxSeconds).toBe(300);
    expect(hour.latencyMeanSeconds).toBe(150);
    // Each gathering poller sees 0.2 events/s: 0.2 / (1 − e^−4) calls a second, e^−4 of them empty.
    const perPoller = 0.2 / -Math.expm1(-4);
    expect(hour.receiveCallsPerSecond).toBeCloseTo(5 * perPoller, 12);
    expect(hour.emptyReceivesPerSecond).toBeCloseTo(5 * perPoller * Math.exp(-4), 12);
    expect(hour.receiveRequestsPerSecond).toBeCloseTo(hour.receiveCallsPerSecond, 12);
    // DeleteMessageBatch: 6 calls of 10 per 60-message batch.
    expect(hour.deleteRequestsPerSecond).toBeCloseTo(0.1, 9);
    expect(hour.keepsUp).toBe(true);
  });

  it('counts the invocation in the cycle: the next window begins when it completes', () => {
    // n = (300 + 0.1 + 0.001 n) / 5 → n = 60.02 / 0.9998.
    const hour = esmHour(1, config, shape, (n) => 0.1 + 0.001 * n, exact);
    expect(hour.messagesPerBatch).toBeCloseTo(60.02 / 0.9998, 9);
    expect(hour.latencyMaxSeconds).toBeCloseTo(300 + 0.1 + 0.001 * hour.messagesPerBatch, 9);
  });

  it('closes full batches at BatchSize when traffic fills them before the window', () => {
    const hour = esmHour(100, { ...config, batchSize: 1000 }, shape, () => 1);
    expect(hour.closedBy).toBe('batch_size');
    expect(hour.messagesPerBatch).toBe(1000);
    expect(hour.concurrentBatches).toBe(5);
    // Each of 5 pollers gathers 1,000 messages at 20/s (50 s), minus the 1 s its invocation runs.
    expect(hour.gatherSeconds).toBe(49);
    expect(hour.invocationsPerSecond).toBeCloseTo(0.1, 12);
    expect(hour.latencyMaxSeconds).toBe(50);
    expect(hour.latencyMeanSeconds).toBe(25.5);
  });

  it('closes batches at the 6 MB payload when records are large', () => {
    const hour = esmHour(100, config, { recordBytes: 600_000, messageBytes: 600_000 }, () => 0.5);
    expect(hour.closedBy).toBe('payload_6mb');
    expect(hour.messagesPerBatch).toBe(10);
  });

  it('adds concurrent batches only up to MaximumConcurrency, and says when the queue grows', () => {
    // 100,000 events/s of 1,000-message batches taking 1 s: 300 concurrent batches needed, 10 allowed.
    const hour = esmHour(100_000, { ...config, batchSize: 1000, maxConcurrency: 10 }, shape, () => 1);
    expect(hour.keepsUp).toBe(false);
    expect(hour.concurrentBatches).toBe(10);
    // Each batch: 2 s to receive 1,000 messages (100 receives × 0.02 s), then 1 s of invocation.
    expect(hour.invocationsPerSecond).toBeCloseTo(10 / 3, 12);
    expect(hour.latencyMaxSeconds).toBe(Number.POSITIVE_INFINITY);
  });

  it('scales beyond five batches when five cannot keep up', () => {
    // 10,000 events/s, 1,000-message batches of 1 s: 10 × (1 + 2 s to receive) / 1 → 30 batches.
    const hour = esmHour(10_000, { ...config, batchSize: 1000, maxConcurrency: 100 }, shape, () => 1);
    expect(hour.keepsUp).toBe(true);
    expect(hour.concurrentBatches).toBe(30);
    expect(hour.invocationsPerSecond).toBeCloseTo(10, 9);
  });

  it('polls an idle queue with every poller and invokes nothing', () => {
    const hour = esmHour(0, config, shape, () => 1);
    expect(hour.invocationsPerSecond).toBe(0);
    expect(hour.receiveCallsPerSecond).toBeCloseTo(5 / 20.02, 12);
    expect(hour.emptyReceivesPerSecond).toBe(hour.receiveCallsPerSecond);
  });

  it('gathers fewer batches when fewer are allowed to run', () => {
    const hour = esmHour(1, { ...config, lowTrafficBatches: 2 }, shape, () => 0, exact);
    expect(hour.concurrentBatches).toBe(2);
    expect(hour.messagesPerBatch).toBeCloseTo(150, 9);
  });
});
