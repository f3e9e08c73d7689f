import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLake } from '../../cli/local-lake.js';
import { fallbackCaliperEventName } from '../../lambda/contract/caliper/map.js';
import type { CaliperEvent } from '../../lambda/contract/caliper/schema.js';
import { eventTableSpec, OTHER_EVENTS_TABLE } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import type { RowValue } from '../../lambda/contract/types.js';
import { lakeFormat } from '../../lambda/lake/formats/index.js';
import { LocalStore } from '../../lambda/lake/local-store.js';
import { replayLake } from '../../lambda/maintenance/replay.js';
import { type InboundMessage, ingestBatch } from '../../lambda/pipeline/ingest.js';
import { queryById } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import { caliperExtraFixtures, eventsExtraFixtures } from '../support/extra-fixtures.js';
import { listAll, maintenanceConfig, readTables, testContext } from '../support/lake.js';

/**
 * Issue 12, item 4: a lake written before the contract knew the nine other Caliper types, the Canvas types the
 * catalog omits and the New Quizzes types holds their events in other_events. `replay` moves them out.
 */
const INGESTED_AT = Date.parse('2027-03-01T12:00:00Z'); // after every fixture's event time
const NOW = Date.parse('2027-03-10T12:00:00Z');
const roots: string[] = [];
const fresh = () => {
  const root = mkdtempSync(join(tmpdir(), 'catch-up-'));
  roots.push(root);
  return { root, store: new LocalStore(root) };
};
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const messages: InboundMessage[] = [...caliperExtraFixtures(), ...eventsExtraFixtures()].map((f) => ({
  messageId: `${f.event}/${f.variant}`,
  body: f.text,
}));

/** What the old contract stored for an event: event_name and the whole event as body_json, by event_id. */
function oldContractRows(): Map<string, { eventName: string; bodyJson: string }> {
  const out = new Map<string, { eventName: string; bodyJson: string }>();
  for (const m of messages) {
    const payload = JSON.parse(m.body) as {
      data?: CaliperEvent[];
      metadata?: { event_name: string };
      body?: unknown;
    };
    const rows = decodeMessage(m.body, undefined, { ingestedAt: INGESTED_AT }).rows;
    rows.forEach((row, i) => {
      const item = payload.data?.[i];
      out.set(
        row.eventId,
        item === undefined
          ? { eventName: row.row.event_name as string, bodyJson: JSON.stringify(payload.body ?? null) }
          : { eventName: fallbackCaliperEventName(item) as string, bodyJson: JSON.stringify(item) },
      );
    });
  }
  return out;
}

/** Rewrites a freshly ingested lake as the old contract wrote it: every row of these types in other_events. */
async function downgrade(store: LocalStore): Promise<void> {
  const old = oldContractRows();
  const other = eventTableSpec(OTHER_EVENTS_TABLE).columns;
  const byDt = new Map<string, RowValue[][]>();
  for (const [partition, rows] of await readTables(store)) {
    const [table, dt] = partition.split('/') as [string, string];
    const columns = eventTableSpec(table).columns;
    for (const r of rows) {
      const was = old.get(r.eventId);
      if (was === undefined) throw new Error(`no fixture for ${r.eventId}`);
      const values = other.map((c) => {
        if (c.name === 'event_name') return was.eventName;
        if (c.name === 'body_json') return was.bodyJson;
        const at = columns.findIndex((x) => x.name === c.name);
        return at === -1 ? null : (r.values[at] ?? null);
      });
      byDt.set(dt, [...(byDt.get(dt) ?? []), values]);
    }
  }
  const tableFiles = (await listAll(store, 'tables/')).map((o) => o.key);
  await store.delete(tableFiles);
  let n = 0;
  for (const [dt, rows] of byDt) {
    const key = `tables/${OTHER_EVENTS_TABLE}/dt=${dt}/${String(n++).padStart(32, '0')}.parquet`;
    await store.put(key, await lakeFormat('parquet').encode(other, rows), '');
  }
}

/** Event ids per table, each list sorted. */
async function idsByTable(store: LocalStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [partition, rows] of await readTables(store)) {
    const table = partition.split('/')[0] as string;
    out[table] = [...(out[table] ?? []), ...rows.map((r) => r.eventId)].sort();
  }
  return out;
}

async function untyped(root: string): Promise<string[]> {
  const lake = await LocalLake.open(root);
  try {
    const def = queryById('untyped_events');
    if (def === undefined) throw new Error('no untyped_events');
    const sql = renderQuery(
      def,
      { dt_from: '2000-01-01', dt_to: '2027-12-31' },
      { mode: 'values', today: '2027-03-10' },
    );
    return (await lake.query(sql)).rows.map((r) => String(r.event_name)).sort();
  } finally {
    lake.close();
  }
}

describe('an existing lake catches up with canvas-lake replay', () => {
  const old = fresh();
  const expected = fresh();

  beforeAll(async () => {
    for (const { store } of [old, expected])
      await ingestBatch(messages, store, { prefix: '', format: 'parquet' }, INGESTED_AT);
    await downgrade(old.store);
  });

  it('starts with every event of these types in other_events, as the old contract left them', async () => {
    const before = await idsByTable(old.store);
    expect(Object.keys(before)).toEqual([OTHER_EVENTS_TABLE]);
    expect(before[OTHER_EVENTS_TABLE]).toHaveLength(oldContractRows().size);
    const names = new Set([...oldContractRows().values()].map((r) => r.eventName));
    expect(new Set(await untyped(old.root))).toEqual(names);
    expect(names.has('caliper_navigation_event_navigated_to')).toBe(true);
  });

  it('moves every row to its own table: the lake then equals a fresh ingest, and nothing stays untyped', async () => {
    await replayLake({ lake: old.store, restricted: old.store }, maintenanceConfig(), {}, testContext(NOW));
    const after = await idsByTable(old.store);
    expect(after).toEqual(await idsByTable(expected.store));
    expect(after[OTHER_EVENTS_TABLE]).toBeUndefined();
    expect(await untyped(old.root)).toEqual([]);
  });
});
