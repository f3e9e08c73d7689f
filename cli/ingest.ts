import { resolve } from 'node:path';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { contentId, type OutputFormat } from '../lambda/lake/layout.js';
import { LocalSink } from '../lambda/lake/sink.js';
import type { InboundMessage } from '../lambda/pipeline/ingest.js';
import { runInvocation } from '../lambda/pipeline/invocation.js';
import { CliError, parseCliArgs } from './errors.js';
import { formatTable } from './format.js';
import { listInputFiles, messagesOf } from './inputs.js';
import { Progress } from './progress.js';

export const INGEST_USAGE = `Usage: canvas-lake ingest <path...> --lake <dir> [--format parquet|json] [--batch-size n] [--json]

Feeds every event in the given files and folders (.json: one event or an array; .ndjson/.jsonl: one per
line; .gz variants) through the ingest pipeline, as SQS messages in batches, into a local lake folder.`;

export interface IngestSummary {
  messages: number;
  events: number;
  rows: number;
  quarantined: number;
  tables: Record<string, number>;
}

export interface IngestRunOptions {
  readonly paths: readonly string[];
  readonly lake: string;
  readonly format: OutputFormat;
  readonly batchSize: number;
  readonly integrations?: Record<string, string>;
  readonly onProgress?: (messages: number) => void;
}

/** Ingests files into a local lake through the same pipeline Lambda runs; throws CliError on a failed write. */
export async function ingestFiles(options: IngestRunOptions): Promise<IngestSummary> {
  const files = await listInputFiles(options.paths);
  const sink = new LocalSink(options.lake);
  const summary: IngestSummary = { messages: 0, events: 0, rows: 0, quarantined: 0, tables: {} };
  const config = {
    prefix: '',
    format: options.format,
    integrations: options.integrations ?? {},
    prices: DEFAULT_PRICES,
  };
  let batch: InboundMessage[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcome = await runInvocation(batch, sink, config, {
      requestId: `local-${contentId(batch.map((m) => m.messageId))}`,
      functionName: 'canvas-lake ingest',
      memoryMb: 1024,
      architecture: 'arm64',
      startedAt: Date.now(),
      clock: () => performance.now(),
    });
    const failed = outcome.result.files.find((f) => !f.ok);
    if (failed) throw new CliError(`could not write ${sink.locate(failed.key)}: ${failed.error}`, 1);
    const { stats } = outcome.result;
    summary.messages += stats.messages;
    summary.events += stats.events;
    summary.rows += stats.rows;
    summary.quarantined += stats.quarantined;
    for (const [table, n] of Object.entries(stats.tableRows))
      summary.tables[table] = (summary.tables[table] ?? 0) + n;
    options.onProgress?.(summary.messages);
    batch = [];
  };
  const root = options.paths.length === 1 ? resolve(options.paths[0] as string) : process.cwd();
  for (const file of files) {
    for await (const message of messagesOf(file, root)) {
      batch.push(message);
      if (batch.length >= options.batchSize) await flush();
    }
  }
  await flush();
  summary.tables = Object.fromEntries(Object.entries(summary.tables).sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}

function parseOptions(args: string[]) {
  return parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      lake: { type: 'string' },
      format: { type: 'string', default: 'parquet' },
      'batch-size': { type: 'string', default: '10000' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    process.stdout.write(`${INGEST_USAGE}\n`);
    return 0;
  }
  if (!values.lake) throw new CliError('missing --lake <dir>');
  if (values.format !== 'parquet' && values.format !== 'json') {
    throw new CliError(`--format must be parquet or json, not '${values.format}'`);
  }
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new CliError('--batch-size must be an integer from 1 to 10000 (the SQS event source maximum)');
  }
  const progress = new Progress(process.stderr, 'messages');
  const summary = await ingestFiles({
    paths: positionals,
    lake: values.lake,
    format: values.format,
    batchSize,
    onProgress: (n) => progress.update(n),
  });
  progress.done();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  process.stdout.write(
    `Ingested ${summary.messages} messages: ${summary.events} events, ${summary.rows} rows, ${summary.quarantined} quarantined, into ${resolve(values.lake)}\n\n`,
  );
  const rows = Object.entries(summary.tables).map(([table, n]) => ({ table, rows: n }));
  process.stdout.write(`${formatTable(rows, ['table', 'rows'])}\n`);
  return 0;
}
