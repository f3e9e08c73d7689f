import { rm } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import type { OutputFormat } from '../lambda/lake/formats/index.js';
import { contentId } from '../lambda/lake/layout.js';
import { LocalSink } from '../lambda/lake/local-sink.js';
import type { InboundMessage } from '../lambda/pipeline/ingest.js';
import { runInvocation } from '../lambda/pipeline/invocation.js';
import { parseCliArgs } from './args.js';
import { CliError } from './errors.js';
import { formatTable } from './format.js';
import { InputError, listInputFiles, messagesOf, sourceIdOf } from './inputs.js';
import { Progress } from './progress.js';

/** The file the demo leaves in a lake it wrote, so that only such a lake is ever replaced by the next demo. */
export const DEMO_MARKER = '.canvas-lake-demo';

export const INGEST_USAGE = `Usage: canvas-lake ingest <path...> --lake <dir> [--format parquet|json] [--batch-size n] [--json]

Feeds every event in the given files and folders (.json: one event or an array; .ndjson/.jsonl: one per
line, streamed; .gz variants; symbolic links followed) through the ingest pipeline, as SQS messages in
batches, into a local lake folder. The summary accounts for every message: rows, duplicates, quarantined,
failed (with where and why). Exit code 0 when everything was ingested, 1 when a message or file failed.`;

/** Where a message came from, and why it was not ingested. */
export interface IngestFailure {
  /** `file:line` (or `file:element` for a JSON array). */
  readonly source: string;
  readonly reason: string;
}

/**
 * What a run did with every message. `messages = done + failed_messages`, and every event is accounted for:
 * `events = rows + duplicates + quarantined + failed_events`. Duplicates are events whose event_id was already
 * in the same batch (a redelivery); duplicates in different batches are both written, and compaction
 * (`canvas-lake compact`) removes them at rest.
 */
export interface IngestSummary {
  messages: number;
  events: number;
  rows: number;
  duplicates: number;
  quarantined: number;
  failed_messages: number;
  failed_events: number;
  /** One entry per failed message (the first 100; `failed_messages` counts them all). */
  failures: IngestFailure[];
  /** Input files that could not be read to the end (what they held before the break was ingested). */
  input_errors: { path: string; reason: string }[];
  /** Entries of the input folders that are not event files, or could not be followed. */
  skipped: { path: string; reason: string }[];
  tables: Record<string, number>;
}

export interface IngestProgress {
  start(totalBytes: number): void;
  bytes(read: number): void;
  messages(done: number): void;
}

export interface IngestRunOptions {
  readonly paths: readonly string[];
  readonly lake: string;
  readonly format: OutputFormat;
  readonly batchSize: number;
  readonly integrations?: Record<string, string>;
  readonly progress?: IngestProgress;
}

const MAX_LISTED_FAILURES = 100;

/**
 * Ingests files into a local lake through the same pipeline Lambda runs. Never stops at a bad message, a failed
 * write or an unreadable file: each is counted and described in the summary.
 */
export async function ingestFiles(options: IngestRunOptions): Promise<IngestSummary> {
  const { files, skipped } = await listInputFiles(options.paths);
  const root = options.paths.length === 1 ? resolve(options.paths[0] as string) : process.cwd();
  const sink = new LocalSink(options.lake);
  // Real data is going in: a demo marker would let the next demo replace it.
  await rm(join(resolve(options.lake), DEMO_MARKER), { force: true });
  const summary: IngestSummary = {
    messages: 0,
    events: 0,
    rows: 0,
    duplicates: 0,
    quarantined: 0,
    failed_messages: 0,
    failed_events: 0,
    failures: [],
    input_errors: [],
    skipped: skipped.map((s) => ({ path: relativeTo(root, s.path), reason: s.reason })),
    tables: {},
  };
  const sources = new Map(files.map((f) => [sourceIdOf(f.path, root).id, sourceIdOf(f.path, root).source]));
  const sourceOf = (messageId: string) => {
    const at = messageId.lastIndexOf('-');
    return `${sources.get(messageId.slice(0, at)) ?? messageId.slice(0, at)}:${messageId.slice(at + 1)}`;
  };
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
    const { stats, failures } = outcome.result;
    summary.messages += stats.messages;
    summary.events += stats.events;
    summary.rows += stats.rows;
    summary.duplicates += stats.duplicates;
    summary.quarantined += stats.quarantined;
    summary.failed_messages += stats.failedMessages;
    summary.failed_events += stats.failedEvents;
    for (const failure of failures) {
      if (summary.failures.length >= MAX_LISTED_FAILURES) break;
      summary.failures.push({ source: sourceOf(failure.messageId), reason: failure.reason });
    }
    for (const [table, n] of Object.entries(stats.tableRows))
      summary.tables[table] = (summary.tables[table] ?? 0) + n;
    options.progress?.messages(summary.messages);
    batch = [];
  };
  options.progress?.start(files.reduce((n, f) => n + f.bytes, 0));
  for (const file of files) {
    try {
      for await (const message of messagesOf(file, root, (n) => options.progress?.bytes(n))) {
        batch.push(message);
        if (batch.length >= options.batchSize) await flush();
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      summary.input_errors.push({ path: relativeTo(root, file.path), reason: error.message });
    }
  }
  await flush();
  summary.tables = Object.fromEntries(Object.entries(summary.tables).sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}

const relativeTo = (root: string, path: string) => relative(root, path) || basename(path);

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
  let bar: Progress | null = null;
  const summary = await ingestFiles({
    paths: positionals,
    lake: values.lake,
    format: values.format,
    batchSize,
    progress: values.json
      ? undefined
      : {
          start: (total) => {
            bar = new Progress(process.stderr, total, 'messages');
          },
          bytes: (n) => bar?.addBytes(n),
          messages: (n) => bar?.setCount(n),
        },
  });
  (bar as Progress | null)?.done();
  const ok = summary.failed_messages === 0 && summary.input_errors.length === 0;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return ok ? 0 : 1;
  }
  process.stdout.write(`${describeSummary(summary, resolve(values.lake))}\n`);
  return ok ? 0 : 1;
}

const n = (value: number) => value.toLocaleString('en-US');

/** The summary as text: where every message went, then rows per table, then anything that needs attention. */
export function describeSummary(summary: IngestSummary, lake: string): string {
  const lines = [
    `Ingested ${n(summary.messages)} messages into ${lake}: ${n(summary.events)} events → ${n(summary.rows)} rows, ` +
      `${n(summary.duplicates)} duplicates (same event_id within a batch), ${n(summary.quarantined)} quarantined, ` +
      `${n(summary.failed_events)} failed (${n(summary.failed_messages)} messages).`,
    '',
    formatTable(
      Object.entries(summary.tables).map(([table, rows]) => ({ table, rows })),
      ['table', 'rows'],
    ),
  ];
  if (summary.failed_messages > 0) {
    lines.push('', `Failed messages (${n(summary.failed_messages)}; run again to retry them):`);
    for (const f of summary.failures) lines.push(`  ${f.source}: ${f.reason}`);
    if (summary.failed_messages > summary.failures.length)
      lines.push(`  … ${n(summary.failed_messages - summary.failures.length)} more`);
  }
  if (summary.input_errors.length > 0) {
    lines.push('', 'Files that could not be read to the end (what they held before the break was ingested):');
    for (const e of summary.input_errors) lines.push(`  ${e.path}: ${e.reason}`);
  }
  if (summary.skipped.length > 0) {
    lines.push('', 'Not read:');
    for (const s of summary.skipped) lines.push(`  ${s.path}: ${s.reason}`);
  }
  return lines.join('\n');
}
