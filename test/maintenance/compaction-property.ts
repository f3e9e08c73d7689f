import fc from 'fast-check';
import { expect } from 'vitest';
import { OUTPUT_FORMATS, type OutputFormat } from '../../lambda/lake/formats/index.js';
import { type LakeStore, MaintenanceStore } from '../../lambda/lake/store.js';
import { compactLake } from '../../lambda/maintenance/compact.js';
import { ingestBatch } from '../../lambda/pipeline/ingest.js';
import {
  distinctEvents,
  enrollmentEvent,
  maintenanceConfig,
  readTables,
  testContext,
} from '../support/lake.js';
import { Crash, CrashingStore } from '../support/sinks.js';

/** Twelve events over three days; a batch may carry any of them, more than once. */
const POOL = Array.from({ length: 12 }, (_, n) => ({
  n,
  time: `2026-09-0${1 + (n % 3)}T${String(3 + n).padStart(2, '0')}:00:00Z`,
}));
const START = Date.parse('2026-09-01T12:00:00Z');

type Op =
  | { readonly kind: 'ingest'; readonly events: readonly number[] }
  | { readonly kind: 'compact'; readonly crashAfter: number | null };

/**
 * Random histories: batches of duplicate and late deliveries (a batch ingested days after its events),
 * interleaved with compaction runs that crash after any number of writes and deletes (or finish).
 */
export const histories = fc.record({
  format: fc.constantFrom<OutputFormat>(...OUTPUT_FORMATS),
  ops: fc.array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('ingest' as const),
          events: fc.array(fc.nat(POOL.length - 1), { minLength: 1, maxLength: 5 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('compact' as const),
          crashAfter: fc.option(fc.nat(8), { nil: null }),
        }),
      },
    ),
    { minLength: 1, maxLength: 7 },
  ),
});

/**
 * Plays a history against a store, checking after every step that the lake holds exactly the distinct events
 * ingested so far (a crash never loses one); then finishes with a complete compaction and checks that no
 * event_id appears twice in a partition, and that one more run PUTs nothing.
 */
export async function playHistory(
  store: LakeStore,
  prefix: string,
  history: { format: OutputFormat; ops: readonly Op[] },
): Promise<void> {
  const config = maintenanceConfig({ prefix, format: history.format });
  const range = { to: '2026-12-31' };
  const ingested = new Set<string>();
  let clock = START;
  let step = 0;
  const check = async (label: string) => {
    const events = distinctEvents(await readTables(store, prefix));
    expect(events, label).toEqual(ingested);
  };
  for (const op of history.ops) {
    step++;
    clock += 5 * 3_600_000;
    if (op.kind === 'ingest') {
      const messages = op.events.map((n, i) =>
        enrollmentEvent(
          (POOL[n] as (typeof POOL)[number]).n,
          (POOL[n] as (typeof POOL)[number]).time,
          `b${step}-${i}`,
        ),
      );
      const result = await ingestBatch(messages, store, { prefix, format: history.format }, clock);
      expect(result.failedMessageIds).toEqual([]);
      for (const files of result.files) expect(files.ok).toBe(true);
      for (const [, rows] of await readTables(store, prefix))
        for (const row of rows) ingested.add(row.eventId);
      await check(`after ingest step ${step}`);
    } else {
      const target = op.crashAfter === null ? store : new CrashingStore(store, op.crashAfter);
      try {
        await compactLake(target, config, range, testContext(clock, `c${step}`));
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
      }
      await check(`after compaction step ${step} (crash after ${op.crashAfter})`);
    }
  }
  await compactLake(store, config, range, testContext(clock + 3_600_000, 'final'));
  const tables = await readTables(store, prefix);
  expect(distinctEvents(tables)).toEqual(ingested);
  for (const [partition, rows] of tables) {
    const ids = rows.map((r) => r.eventId);
    expect(new Set(ids).size, `${partition} has a duplicate event_id`).toBe(ids.length);
  }
  const counting = new MaintenanceStore(store);
  const again = await compactLake(counting, config, range, testContext(clock + 7_200_000, 'again'));
  expect(again.partitions_compacted).toBe(0);
  expect(counting.counts.puts).toBe(0);
}
