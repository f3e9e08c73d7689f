// Peak memory of one 10,000-event batch, in a fresh process: read the batch, run the pipeline into a local
// folder, report the process's maximum resident set size.
import { readFileSync } from 'node:fs';
import { LocalSink } from '../lambda/lake/local-sink.js';
import { ingestBatch } from '../lambda/pipeline/ingest.js';

const [input, out] = process.argv.slice(2) as [string, string];
const bodies = readFileSync(input, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const messages = bodies.map((body, i) => ({ messageId: `m-${i}`, body }));
const result = await ingestBatch(messages, new LocalSink(out), { prefix: '', format: 'parquet' }, Date.now());
if (result.failedMessageIds.length > 0) throw new Error('batch failed');
process.stdout.write(
  `${JSON.stringify({ events: result.stats.events, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
