// Run by the benchmark in a fresh process, so that peak memory belongs to one step:
//   make <dir> <rows> <files>            writes one asset_accessed partition of <rows> rows in <files> files
//   compact <dir> <targetMb> <cacheMb>   compacts it; prints duration, peak and starting RSS, output bytes
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateTerm } from '../cli/synthetic-term.js';
import { eventTableSpec } from '../lambda/contract/columns.js';
import { decodeMessage } from '../lambda/contract/decode.js';
import type { RowValue } from '../lambda/contract/types.js';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { encodeParquet } from '../lambda/lake/formats/parquet.js';
import { contentId } from '../lambda/lake/layout.js';
import { LocalStore } from '../lambda/lake/local-store.js';
import { compactLake } from '../lambda/maintenance/compact.js';
import { MB } from '../lambda/maintenance/rewrite.js';

const [mode, dir, a, b] = process.argv.slice(2) as [string, string, string, string];
const TABLE = 'asset_accessed';
const DT = '2026-09-01';
const folder = join(dir, 'tables', TABLE, `dt=${DT}`);

if (mode === 'make') {
  const rows = Number(a);
  const files = Number(b);
  // Real rows of the busiest table, from the synthetic term; repeated with new ids and times when more are needed.
  const seed = generateTerm({ events: 60_000, seed: 11, window: { start: Date.UTC(2026, 8, 1), days: 1 } })
    .flatMap((body) => decodeMessage(body, undefined, { ingestedAt: Date.UTC(2026, 8, 1, 12) }).rows)
    .filter((r) => r.table === TABLE)
    .map((r) => r.values);
  const columns = eventTableSpec(TABLE).columns;
  const store = new LocalStore(dir);
  const perFile = Math.ceil(rows / files);
  for (let f = 0; f < files; f++) {
    const batch: RowValue[][] = [];
    for (let i = f * perFile; i < Math.min(rows, (f + 1) * perFile); i++) {
      const row = [...(seed[i % seed.length] as RowValue[])];
      row[0] = `${row[0] as string}-${Math.floor(i / seed.length)}`;
      row[2] = Date.UTC(2026, 8, 1) + ((i * 997) % 86_400_000);
      batch.push(row);
    }
    const id = contentId(batch.map((r) => r[0] as string));
    await store.put(`tables/${TABLE}/dt=${DT}/${id}.parquet`, encodeParquet(columns, batch), '');
  }
  process.stdout.write(`${JSON.stringify({ rows, files })}\n`);
} else {
  const baseRssMb = process.memoryUsage().rss / MB;
  const files = readdirSync(folder).length;
  const start = performance.now();
  const summary = await compactLake(
    new LocalStore(dir),
    {
      prefix: '',
      format: 'parquet',
      targetFileBytes: Number(a) * MB,
      cacheBytes: Number(b) * MB,
      prices: DEFAULT_PRICES,
      graceDays: 0,
      latenessDays: 0,
      integrations: {},
      memoryMb: 10_240,
      architecture: 'arm64',
    },
    { to: DT },
    {
      requestId: 'child',
      functionName: 'bench',
      now: () => Date.UTC(2026, 9, 1),
      clock: () => performance.now(),
      stateTransitions: 0,
    },
  );
  const ms = performance.now() - start;
  const bytes = readdirSync(folder).reduce((n, f) => n + statSync(join(folder, f)).size, 0);
  process.stdout.write(
    `${JSON.stringify({ rows: summary.rows_after, files, parts: summary.files_after, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb, bytes })}\n`,
  );
}
