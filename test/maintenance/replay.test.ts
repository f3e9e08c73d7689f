import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { eventTableSpec, OTHER_EVENTS_TABLE } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { parseCanvasTime } from '../../lambda/contract/time.js';
import { lakeFormat } from '../../lambda/lake/formats/index.js';
import type { LocalStore } from '../../lambda/lake/local-store.js';
import type { Sink } from '../../lambda/lake/sink.js';
import type { LakeStore } from '../../lambda/lake/store.js';
import { compactLake } from '../../lambda/maintenance/compact.js';
import { replayLake } from '../../lambda/maintenance/replay.js';
import { type InboundMessage, ingestBatch, quarantineFile } from '../../lambda/pipeline/ingest.js';
import {
  distinctEvents,
  enrollmentEvent,
  listAll,
  maintenanceConfig,
  readTables,
  temporaryLakes,
  testContext,
} from '../support/lake.js';
import { Crash, CrashingStore } from '../support/sinks.js';

const fresh = temporaryLakes('replay');

const config = maintenanceConfig();
const NOW = Date.parse('2026-10-01T06:00:00Z'); // closed through 2026-09-29
const T1 = Date.parse('2026-09-01T10:00:00Z');
const T2 = Date.parse('2026-09-02T10:00:00Z');
const T3 = Date.parse('2026-09-04T10:00:00Z');

const e1 = enrollmentEvent(1, '2026-09-01T08:00:00Z');
const e2 = enrollmentEvent(2, '2026-08-31T23:00:00Z');
/** Stored in other_events by the "old contract" (before enrollment_created had a table). */
const e3 = enrollmentEvent(3, '2026-08-30T12:00:00Z');
/** Quarantined by the "old contract" (before it could read it). */
const e4 = enrollmentEvent(4, '2026-08-29T12:00:00Z');
const e5 = enrollmentEvent(5, '2026-09-02T09:00:00Z');
/** A late event: ingested twelve days after it happened. */
const e6 = enrollmentEvent(6, '2026-08-21T09:00:00Z');
const e7 = enrollmentEvent(7, '2026-09-04T01:00:00Z');
const notJson: InboundMessage = { messageId: 'broken', body: '{"metadata": ' };

const BATCHES: [number, InboundMessage[]][] = [
  [T1, [e1, e2, e3, e4, notJson]],
  [T2, [{ ...e1, messageId: 'm-1-again' }, e5, e6]],
  [T3, [e7, { ...e5, messageId: 'm-5-again' }]],
];

const idOf = (message: InboundMessage) =>
  decodeMessage(message.body, undefined, { ingestedAt: 0 }).rows[0]?.eventId as string;

/**
 * A lake as an older contract wrote it: the same raw archive, but e3 in other_events (its type had no
 * table) and e4 quarantined (the contract could not read it).
 */
async function oldContractLake(): Promise<LocalStore> {
  const store = fresh();
  for (const [at, messages] of BATCHES)
    await ingestBatch(messages, store, { prefix: '', format: 'parquet' }, at);
  // e3: its enrollment_created file (alone on its date) becomes an other_events file.
  const [e3File] = await listAll(store, 'tables/enrollment_created/dt=2026-08-30/');
  await store.delete([e3File?.key as string]);
  const renamed = JSON.parse(e3.body) as { metadata: Record<string, unknown> };
  renamed.metadata.event_name = 'enrollment_created_v0';
  const [untyped] = decodeMessage(JSON.stringify(renamed), undefined, { ingestedAt: T1 }).rows;
  const columns = eventTableSpec(OTHER_EVENTS_TABLE).columns;
  const values = [...(untyped?.values ?? [])];
  values[0] = idOf(e3);
  values[1] = 'enrollment_created';
  await store.put(
    `tables/other_events/dt=2026-08-30/${'a'.repeat(32)}.parquet`,
    await lakeFormat('parquet').encode(columns, [values]),
    '',
  );
  // e4: its row goes, and batch 1's quarantine file holds it beside the broken message.
  const [e4File] = await listAll(store, 'tables/enrollment_created/dt=2026-08-29/');
  await store.delete([e4File?.key as string]);
  const [quarantine] = await listAll(store, 'quarantine/dt=2026-09-01/');
  await store.delete([quarantine?.key as string]);
  const old = quarantineFile(
    [
      {
        message: notJson,
        record: {
          reason: 'not_json',
          details: 'old',
          eventIndex: null,
          eventName: null,
          original: notJson.body,
        },
      },
      {
        message: e4,
        record: {
          reason: 'unknown_format',
          details: 'old',
          eventIndex: null,
          eventName: null,
          original: e4.body,
        },
      },
    ],
    '',
    '2026-09-01',
    T1,
  );
  await store.put(old.key, await old.encode(), old.contentType);
  return store;
}

/**
 * Keeps every delivery. The ingest names a table file after its event ids, so a later batch whose (table, day)
 * group holds exactly the same events overwrites the earlier file, and that event's first ingested_at is
 * lost; a replay, which sees every delivery in the raw archive, keeps the first. The fresh ingest this test
 * compares with keeps both files, as if every batch had its own names.
 */
class KeepEveryDelivery implements Sink {
  constructor(private readonly inner: LocalStore) {}
  locate(key: string): string {
    return this.inner.locate(key);
  }
  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    let target = key;
    for (let n = 1; existsSync(this.inner.locate(target)); n++)
      target = key.replace(/(\.[a-z.]+)$/, `-${n}$1`);
    await this.inner.put(target, body, contentType);
  }
}

/** A fresh ingest of a lake's raw archive (same batches, same clocks, every delivery kept), compacted. */
async function freshIngestOf(source: LakeStore): Promise<LocalStore> {
  const target = fresh();
  const sink = new KeepEveryDelivery(target);
  for (const raw of await listAll(source, 'raw/')) {
    const lines = gunzipSync(await source.get(raw.key))
      .toString('utf8')
      .trim()
      .split('\n');
    const records = lines.map(
      (l) => JSON.parse(l) as { message_id: string; ingested_at: string; body: string },
    );
    const messages = records.map((r) => ({ messageId: r.message_id, body: r.body }));
    await ingestBatch(
      messages,
      sink,
      { prefix: '', format: 'parquet' },
      parseCanvasTime(records[0]?.ingested_at ?? '') as number,
    );
  }
  await compactLake(target, config, { to: '2026-12-31' }, testContext(NOW));
  return target;
}

/** Every object under a folder, as key → SHA-256 of its bytes, for byte-for-byte comparison. */
async function snapshot(store: LakeStore, folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const o of await listAll(store, folder))
    out[o.key] = createHash('sha256')
      .update(await store.get(o.key))
      .digest('hex');
  return out;
}

describe('replay from the raw archive', () => {
  it('equals a fresh ingest of the same raw messages, compacted: tables and quarantine, byte for byte', async () => {
    const lake = await oldContractLake();
    const before = await readTables(lake);
    expect(before.get('other_events/2026-08-30')?.map((r) => r.eventId)).toEqual([idOf(e3)]);

    const summary = await replayLake({ lake, restricted: lake }, config, {}, testContext(NOW));
    expect(summary).toMatchObject({ raw_dates: 3, messages: 10, quarantined: 1, rows_outside_window: 0 });

    const expected = await freshIngestOf(lake);
    expect(await snapshot(lake, 'tables/')).toEqual(await snapshot(expected, 'tables/'));
    expect(await snapshot(lake, 'quarantine/')).toEqual(await snapshot(expected, 'quarantine/'));
    // Nothing of the run is left behind but its cost records.
    expect(await listAll(lake, 'maintenance/')).toEqual([]);

    const after = await readTables(lake);
    expect(after.has('other_events/2026-08-30')).toBe(false);
    expect(after.get('enrollment_created/2026-08-30')?.map((r) => r.eventId)).toEqual([idOf(e3)]);
    expect(after.get('enrollment_created/2026-08-29')?.map((r) => r.eventId)).toEqual([idOf(e4)]);
    const quarantine = gunzipSync(
      await lake.get((await listAll(lake, 'quarantine/'))[0]?.key as string),
    ).toString('utf8');
    expect(quarantine).toContain('"message_id":"broken"');
    expect(quarantine).not.toContain('"message_id":"m-4"');
    expect(distinctEvents(after).size).toBe(7);
  });

  it('replays event dates from the window, rewrites wherever re-derived rows land, and reports rows from later raw dates', async () => {
    const lake = await oldContractLake();
    // S = [2026-08-31, 2026-09-01]: batch 1 only. e1's second delivery (raw 2026-09-02) is outside.
    const summary = await replayLake(
      { lake, restricted: lake },
      config,
      { from: '2026-09-01', to: '2026-09-01', latenessDays: 0 },
      testContext(NOW),
    );
    expect(summary).toMatchObject({
      raw_from: '2026-08-31',
      raw_to: '2026-09-01',
      raw_dates: 1,
      messages: 5,
    });
    expect(summary.rows_outside_window).toBe(1);
    expect(summary.raw_dates_outside_window).toEqual(['2026-09-02']);
    const after = await readTables(lake);
    // e3's re-derived row lands on 2026-08-30, outside the range: that date is rewritten too.
    expect(after.has('other_events/2026-08-30')).toBe(false);
    expect(after.get('enrollment_created/2026-08-30')?.map((r) => r.eventId)).toEqual([idOf(e3)]);
    // e1, delivered in batches 1 and 2, is there once, from its first delivery.
    expect(after.get('enrollment_created/2026-09-01')?.map((r) => r.ingestedAt)).toEqual([T1]);
    // Partitions no re-derived row touches keep their files.
    expect(await listAll(lake, 'tables/enrollment_created/dt=2026-09-04/')).toHaveLength(1);
    expect(distinctEvents(after).size).toBe(7);
  });

  it('finishes a replay that crashed at any point when run again, with the same result', async () => {
    const reference = await oldContractLake();
    const counting = new CrashingStore(reference, Number.POSITIVE_INFINITY);
    await replayLake({ lake: counting, restricted: counting }, config, {}, testContext(NOW));
    const expected = await snapshot(reference, 'tables/');
    const expectedQuarantine = await snapshot(reference, 'quarantine/');
    // Crash points spread over the whole run: deriving, rewriting, publishing quarantine, finishing.
    const steps = counting.writes;
    expect(steps).toBeGreaterThan(40);
    for (const crashAfter of [0.02, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.98].map((f) =>
      Math.floor(f * steps),
    )) {
      const lake = await oldContractLake();
      const events = distinctEvents(await readTables(lake));
      const crashing = new CrashingStore(lake, crashAfter);
      await expect(
        replayLake({ lake: crashing, restricted: crashing }, config, {}, testContext(NOW)),
      ).rejects.toThrow(Crash);
      // Whatever the crash left, every event is still somewhere: in a table or (e4) in quarantine.
      const during = distinctEvents(await readTables(lake));
      for (const id of events) expect(during.has(id), `crash after ${crashAfter}`).toBe(true);
      await replayLake({ lake, restricted: lake }, config, {}, testContext(NOW));
      expect(await snapshot(lake, 'tables/'), `crash after ${crashAfter}`).toEqual(expected);
      expect(await snapshot(lake, 'quarantine/'), `crash after ${crashAfter}`).toEqual(expectedQuarantine);
    }
  });

  it('keeps compaction off the lake while a replay is in progress', async () => {
    const lake = await oldContractLake();
    const crashing = new CrashingStore(lake, 12);
    await expect(
      replayLake({ lake: crashing, restricted: crashing }, config, {}, testContext(NOW)),
    ).rejects.toThrow(Crash);
    const compaction = await compactLake(lake, config, {}, testContext(NOW));
    expect(compaction.replay_in_progress).toMatch(/^replay-2026-09-29-/);
    expect(compaction.partitions_compacted).toBe(0);
  });
});
