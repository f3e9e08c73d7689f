// Profiling harness (not part of the benchmark): run a few 10,000-event batches through the pipeline.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTerm } from '../cli/term.js';
import { LocalSink } from '../lambda/lake/sink.js';
import { ingestBatch } from '../lambda/pipeline/ingest.js';

const bodies = generateTerm({
  events: 40_000,
  seed: 2026,
  window: { start: Date.UTC(2026, 9, 5, 6), days: 1 },
});
const sink = new LocalSink(mkdtempSync(join(tmpdir(), 'prof-')));
for (let i = 0; i < bodies.length; i += 10_000) {
  const batch = bodies.slice(i, i + 10_000).map((body, j) => ({ messageId: `m-${i + j}`, body }));
  const t = performance.now();
  await ingestBatch(batch, sink, { prefix: '', format: 'parquet' }, Date.now());
  process.stderr.write(`batch ${i / 10_000}: ${Math.round(performance.now() - t)} ms\n`);
}
