// Profiling harness (not part of the benchmark): time the pipeline's steps on one 10,000-event batch.
import { generateTerm } from '../cli/term.js';
import { eventTableSpec } from '../lambda/contract/columns.js';
import { decodeMessage, type EventRow } from '../lambda/contract/decode.js';
import { gzipText, rowsToNdjson, valuesOf } from '../lambda/lake/ndjson.js';
import { encodeParquet } from '../lambda/lake/parquet.js';
import { RAW_EVENTS_TABLE } from '../lambda/lake/tables.js';

const bodies = generateTerm({
  events: 30_000,
  seed: 2026,
  window: { start: Date.UTC(2026, 9, 5, 6), days: 1 },
}).slice(10_000, 20_000);
const time = (label: string, f: () => void, n = 5) => {
  f();
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  process.stdout.write(`${label.padEnd(32)} ${(ts[Math.floor(n / 2)] as number).toFixed(1)} ms / 10k\n`);
};
time('JSON.parse', () => {
  for (const b of bodies) {
    try {
      JSON.parse(b);
    } catch {}
  }
});
let rows: EventRow[] = [];
time('decodeMessage', () => {
  rows = [];
  for (const b of bodies) rows.push(...decodeMessage(b, undefined, { ingestedAt: Date.now() }).rows);
});
const groups = new Map<string, EventRow[]>();
for (const r of rows) groups.set(r.table, [...(groups.get(r.table) ?? []), r]);
time('encodeParquet (all groups)', () => {
  for (const [t, rs] of groups)
    encodeParquet(
      eventTableSpec(t).columns,
      rs.map((r) => r.values),
    );
});
let text = '';
time('raw archive NDJSON', () => {
  text = rowsToNdjson(
    RAW_EVENTS_TABLE.columns,
    bodies.map((b, i) =>
      valuesOf(RAW_EVENTS_TABLE.columns, { message_id: `m-${i}`, ingested_at: Date.now(), body: b }),
    ),
  );
});
time('raw archive gzip', () => gzipText(text));
