import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLake } from '../../cli/local-lake.js';
import { DEFAULT_PRICES } from '../../lambda/cost/prices.js';
import { LocalStore } from '../../lambda/lake/local-store.js';
import { compactLake } from '../../lambda/maintenance/compact.js';
import { replayLake } from '../../lambda/maintenance/replay.js';
import { runInvocation } from '../../lambda/pipeline/invocation.js';
import { QUERIES } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import {
  ASSETS,
  BROKEN,
  CALIPER_ENROLLMENT,
  DT_FROM,
  DT_TO,
  E,
  ENROLLMENTS_BATCH_1,
  INTEGRATIONS,
  UNTYPED,
  UNTYPED_DUPLICATE,
} from '../queries/scenario.js';
import { listAll, maintenanceConfig, testContext } from '../support/lake.js';

/**
 * Maintenance must not change what any saved query answers: every query of the registry, over the labelled
 * scenario of test/queries, gives the same rows before compaction, after it, and after a replay.
 */
const root = mkdtempSync(join(tmpdir(), 'maintenance-queries-'));
const store = new LocalStore(root);
const config = maintenanceConfig({ integrations: INTEGRATIONS });
const LATER = Date.UTC(2026, 10, 23, 6); // maintenance runs long after the scenario: its cost records fall outside every range

async function ingest(bodies: string[], startedAt: number, requestId: string) {
  const messages = bodies.map((body, i) => ({ messageId: `${requestId}-${i}`, body }));
  const outcome = await runInvocation(
    messages,
    store,
    { prefix: '', format: 'parquet', integrations: INTEGRATIONS, prices: DEFAULT_PRICES },
    {
      requestId,
      functionName: 'test',
      memoryMb: 1024,
      architecture: 'arm64',
      startedAt,
      clock: () => performance.now(),
    },
  );
  expect(outcome.result.failedMessageIds).toEqual([]);
}

const RANGES = [
  { dt_from: DT_FROM, dt_to: DT_TO },
  { dt_from: '2026-09-15', dt_to: '2026-09-16' },
];

/**
 * A row as JSON, with floating-point values to 12 significant digits: SUM over doubles depends on the order
 * DuckDB's threads add them in, and compaction and replay change the file layout (and so that order) without
 * changing any value an analyst would read.
 */
function rowKey(row: unknown): string {
  return JSON.stringify(row, (_key, value) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value,
  );
}

/** Every saved query over every range, rows as sorted JSON (row order is the query's business, ties are not). */
async function answers(): Promise<Record<string, string[]>> {
  const lake = await LocalLake.open(root);
  try {
    const out: Record<string, string[]> = {};
    for (const query of QUERIES) {
      for (const [i, range] of RANGES.entries()) {
        const { rows } = await lake.query(renderQuery(query, range, { mode: 'values', today: '2026-11-23' }));
        out[`${query.id}#${i}`] = rows.map(rowKey).sort();
      }
    }
    return out;
  } finally {
    lake.close();
  }
}

let before: Record<string, string[]>;
beforeAll(async () => {
  await ingest([...ENROLLMENTS_BATCH_1, ...ASSETS, ...BROKEN], Date.UTC(2026, 8, 15), 'batch-1');
  const duplicate = ENROLLMENTS_BATCH_1.find((m) => m.includes(E(50004))) as string;
  await ingest([duplicate, CALIPER_ENROLLMENT], Date.UTC(2026, 8, 16), 'batch-2');
  await ingest(UNTYPED, Date.UTC(2026, 8, 17), 'batch-3');
  await ingest([UNTYPED_DUPLICATE], Date.UTC(2026, 8, 18), 'batch-4');
  before = await answers();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('saved queries across maintenance', () => {
  it('answers every query on a non-trivial lake', () => {
    const nonEmpty = Object.values(before).filter((rows) => rows.length > 0).length;
    expect(nonEmpty).toBeGreaterThan(QUERIES.length);
  });

  it('gives the same rows after compaction', async () => {
    const files = (await listAll(store, 'tables/')).length;
    const summary = await compactLake(store, config, { to: '2026-12-31' }, testContext(LATER));
    expect(summary.duplicates_removed).toBeGreaterThan(0);
    expect(summary.files_after).toBeLessThan(files);
    expect(await answers()).toEqual(before);
  });

  it('gives the same rows after a replay of the whole lake', async () => {
    const summary = await replayLake({ lake: store, restricted: store }, config, {}, testContext(LATER));
    expect(summary.raw_dates).toBe(4);
    expect(await answers()).toEqual(before);
  });
});
