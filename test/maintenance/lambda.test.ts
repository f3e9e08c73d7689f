import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambda/config.js';
import { S3Store } from '../../lambda/lake/s3-store.js';
import type { Sink } from '../../lambda/lake/sink.js';
import { loadMaintenanceEnv } from '../../lambda/maintenance/env.js';
import {
  createMaintenanceHandler,
  type MaintenanceEvent,
  type PlanOutput,
} from '../../lambda/maintenance-handler.js';
import { ingestBatch } from '../../lambda/pipeline/ingest.js';
import { distinctEvents, enrollmentEvent, listAll, maintenanceConfig, readTables } from '../support/lake.js';
import { type Moto, startMoto } from '../support/moto.js';
import { motoS3 } from '../support/moto-clients.js';
import { histories, playHistory } from './compaction-property.js';

/**
 * The maintenance function in-process against S3 (moto), driven the way the state machine drives it: a plan
 * step writes a JSONL work list, the Distributed Map hands each line to the function, and the plan's `next`
 * says which plan step follows.
 */
let moto: Moto;
let s3: S3Client;
let lake: S3Store;
let restricted: S3Store;

beforeAll(async () => {
  moto = await startMoto();
  s3 = motoS3(moto);
  for (const Bucket of ['lake', 'restricted', 'properties'])
    await s3.send(new CreateBucketCommand({ Bucket }));
  lake = new S3Store(s3, 'lake');
  restricted = new S3Store(s3, 'restricted');
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

/** Sends raw/ and quarantine/ to the restricted bucket, everything else to the lake bucket. */
const routed: Sink = {
  locate: (key) => key,
  put: (key, body, type) => (/^(raw|quarantine)\//.test(key) ? restricted : lake).put(key, body, type),
};

const context = (id: string) =>
  ({ awsRequestId: id, functionName: 'maintenance', memoryLimitInMB: '4096' }) as unknown as Context;

function handlerAt(now: number) {
  return createMaintenanceHandler({
    config: maintenanceConfig(),
    stores: { lake, restricted },
    planBucket: 'lake',
    toleratedFailurePercent: 10,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: quietMetrics(),
    now: () => now,
  });
}

/**
 * Metrics that publish nothing: Powertools reads POWERTOOLS_METRICS_DISABLED when the instance is built, and the
 * environment is shared with the other test files a worker runs, so it is set for that moment only.
 */
function quietMetrics(): Metrics {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    return new Metrics({ namespace: 'Test', serviceName: 'test' });
  } finally {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}

/** Runs one execution as the state machine does; returns every plan step's output and every item's result. */
async function execute(now: number, input: unknown) {
  const handler = handlerAt(now);
  const plans: PlanOutput[] = [];
  const results: unknown[] = [];
  let previous: PlanOutput | null = null;
  for (;;) {
    const event: MaintenanceEvent = {
      action: 'plan',
      request: input,
      stage: previous?.next ?? null,
      replay: previous?.replay ?? null,
    };
    const plan = (await handler(event, context(`plan-${plans.length}`))) as PlanOutput;
    plans.push(plan);
    if (plan.items > 0) {
      const lines = new TextDecoder()
        .decode(await lake.get(plan.key))
        .trim()
        .split('\n');
      expect(lines).toHaveLength(plan.items);
      for (const [i, line] of lines.entries()) {
        const item = JSON.parse(line) as Record<string, unknown>;
        results.push(
          await handler(
            { action: 'work', stage: plan.stage, replay: plan.replay, item },
            context(`${plan.stage}-${i}`),
          ),
        );
      }
    }
    if (plan.next === null) return { plans, results };
    previous = plan;
  }
}

const NOW = Date.parse('2026-10-01T06:00:00Z');

describe('the maintenance function against S3 (moto)', () => {
  it('compacts every closed partition, one item per partition, then plans nothing', async () => {
    const events = Array.from({ length: 8 }, (_, n) =>
      enrollmentEvent(n, `2026-09-0${1 + (n % 3)}T0${n}:00:00Z`),
    );
    await ingestBatch(
      events.slice(0, 5),
      routed,
      { prefix: '', format: 'parquet' },
      Date.parse('2026-09-03T10:00:00Z'),
    );
    await ingestBatch(
      events.slice(3),
      routed,
      { prefix: '', format: 'parquet' },
      Date.parse('2026-09-04T10:00:00Z'),
    );
    const before = distinctEvents(await readTables(lake));

    const { plans, results } = await execute(NOW, { action: 'compact' });
    expect(plans).toEqual([
      expect.objectContaining({ stage: 'compact', items: 3, toleratedFailurePercentage: 10, next: null }),
    ]);
    expect(results).toEqual(
      ['2026-09-01', '2026-09-02', '2026-09-03'].map((dt) =>
        expect.objectContaining({ table: 'enrollment_created', dt, status: 'rewritten', filesAfter: 1 }),
      ),
    );
    expect(distinctEvents(await readTables(lake))).toEqual(before);
    const costs = await listAll(lake, 'costs/dt=2026-10-01/');
    expect(costs).toHaveLength(3);
    // The raw archive stays in the restricted bucket, untouched; no table file is there.
    expect((await listAll(restricted, 'raw/')).length).toBe(2);
    expect(await listAll(restricted, 'tables/')).toEqual([]);

    const again = await execute(NOW, { action: 'compact' });
    expect(again.plans).toEqual([expect.objectContaining({ items: 0 })]);
    expect(again.results).toEqual([]);
  });

  it('replays through its four stages, reading raw/ from the restricted bucket', async () => {
    const before = distinctEvents(await readTables(lake));
    const { plans, results } = await execute(NOW, { action: 'replay', from: '2026-09-01', to: '2026-09-03' });
    expect(plans.map((p) => [p.stage, p.items, p.toleratedFailurePercentage])).toEqual([
      ['derive', 2, 0],
      ['rewrite', 3, 0],
      ['quarantine', 2, 0],
      ['finish', 0, 0],
    ]);
    expect(results.slice(0, 2)).toEqual([
      expect.objectContaining({ rawDate: '2026-09-03', messages: 5 }),
      expect.objectContaining({ rawDate: '2026-09-04', messages: 5 }),
    ]);
    expect(distinctEvents(await readTables(lake))).toEqual(before);
    expect(await listAll(lake, 'maintenance/replay')).toEqual([]);
    expect(await listAll(restricted, 'maintenance/')).toEqual([]);
  });

  it('rejects an execution input it does not understand, naming the problem', async () => {
    await expect(execute(NOW, { action: 'compact', to: '2026-13-01' })).rejects.toThrow(/to must be a date/);
    await expect(execute(NOW, { action: 'vacuum' })).rejects.toThrow(/invalid execution input/);
  });

  it('keeps every distinct event through random duplicate deliveries, late events and crashes, on S3', async () => {
    let run = 0;
    const store = new S3Store(s3, 'properties');
    await fc.assert(
      fc.asyncProperty(histories, async (history) => {
        await playHistory(store, `run-${run++}`, history);
      }),
      { numRuns: 4 },
    );
  });
});

describe('maintenance configuration', () => {
  it('reads the environment once, with a restricted bucket that defaults to the lake bucket', () => {
    const env = loadMaintenanceEnv({
      LAKE_BUCKET: 'lake-b',
      LAKE_PREFIX: 'lake/',
      COMPACTION_TARGET_MB: '128',
    });
    expect(env).toMatchObject({
      lakeBucket: 'lake-b',
      restrictedBucket: 'lake-b',
      toleratedFailurePercent: 10,
    });
    expect(env.config).toMatchObject({
      prefix: 'lake',
      format: 'parquet',
      targetFileBytes: 128 * 1024 * 1024,
      graceDays: 2,
      latenessDays: 28,
    });
    expect(loadMaintenanceEnv({ LAKE_BUCKET: 'lake-b', RESTRICTED_BUCKET: 'raw-b' }).restrictedBucket).toBe(
      'raw-b',
    );
  });

  it('fails at cold start with every problem named', () => {
    expect(() => loadMaintenanceEnv({ COMPACTION_GRACE_DAYS: '-1', OUTPUT_FORMAT: 'csv' })).toThrow(
      ConfigError,
    );
    expect(() => loadMaintenanceEnv({ COMPACTION_GRACE_DAYS: '-1', OUTPUT_FORMAT: 'csv' })).toThrow(
      /LAKE_BUCKET.*OUTPUT_FORMAT.*COMPACTION_GRACE_DAYS/,
    );
  });
});
