import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LAKE_PREFIXES } from '../lambda/lake/layout.js';
import { queryById } from '../queries/registry.js';
import { renderQuery, utcToday } from '../queries/render.js';
import { parseCliArgs } from './args.js';
import { CliError } from './errors.js';
import { writeTerm } from './generate.js';
import { DEMO_MARKER, ingestFiles } from './ingest.js';
import { LocalLake } from './local-lake.js';
import { renderRows } from './output.js';
import { Progress } from './progress.js';
import { DEMO_INTEGRATIONS } from './synthetic-term.js';

export const DEMO_USAGE = `Usage: canvas-lake demo [--lake <dir>] [--events n] [--seed s]

Generates a synthetic term, ingests it through the real pipeline into a local lake (default ./lake),
and prints the enrollment provenance report, the hand-added enrollments and the cost reports. The lake folder
must be new, empty, or one an earlier demo wrote: the demo never deletes data it did not write.`;

/**
 * Makes sure the demo may write `lake`: a folder that does not exist, is empty, or holds a lake an earlier demo
 * wrote (its marker file). Only then are the lake's folders replaced. Anything else is refused: the demo never
 * deletes data it did not write.
 */
export async function prepareDemoLake(lake: string): Promise<void> {
  const entries = await readdir(lake).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new CliError(`cannot use ${lake} for the demo: ${error.message}`);
  });
  if (entries.length === 0) return;
  if (!entries.includes(DEMO_MARKER)) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new CliError(
      `${lake} already holds files the demo did not write (${shown}); the demo never deletes them. Run it with --lake <a new folder>.`,
    );
  }
  for (const folder of Object.values(LAKE_PREFIXES))
    await rm(join(lake, folder), { recursive: true, force: true });
  await rm(join(lake, DEMO_MARKER), { force: true });
}

/** The whole pipeline on a laptop: generate → ingest (the Lambda code, a local folder sink) → DuckDB reports. */
export async function demo(args: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: {
      lake: { type: 'string', default: './lake' },
      events: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '2026' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${DEMO_USAGE}\n`);
    return 0;
  }
  const events = Number(values.events);
  if (!Number.isInteger(events) || events < 100)
    throw new CliError('--events must be an integer of at least 100');
  const lake = resolve(values.lake);
  const out = (text = '') => process.stdout.write(`${text}\n`);

  await prepareDemoLake(lake);
  const work = await mkdtemp(join(tmpdir(), 'canvas-lake-demo-'));
  try {
    const input = join(work, 'term.ndjson');
    await writeTerm(input, { events, seed: Number(values.seed) });
    out(
      `canvas-live-events-lake demo: a synthetic term of ${events.toLocaleString('en-US')} Live Events (seed ${values.seed})`,
    );
    out(
      `Ingesting through the Lambda pipeline into ${lake} (integration names: ${JSON.stringify(DEMO_INTEGRATIONS)}) …`,
    );
    let bar: Progress | null = null;
    const summary = await ingestFiles({
      paths: [input],
      lake,
      format: 'parquet',
      batchSize: 10_000,
      integrations: DEMO_INTEGRATIONS,
      progress: {
        start: (total) => {
          bar = new Progress(process.stderr, total, 'messages');
        },
        bytes: (n) => bar?.addBytes(n),
        messages: (n) => bar?.setCount(n),
      },
    });
    (bar as Progress | null)?.done();
    await writeFile(
      join(lake, DEMO_MARKER),
      'Written by canvas-lake demo: the next demo may replace this lake.\n',
    );
    out(
      `${summary.messages} messages → ${summary.events} events → ${summary.rows} rows in ${Object.keys(summary.tables).length} tables, ` +
        `${summary.duplicates} duplicate deliveries dropped, ${summary.quarantined} quarantined, ${summary.failed_messages} failed.`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const db = await LocalLake.open(lake);
  try {
    const range = { dt_from: '2026-01-01', dt_to: utcToday() > '2026-12-31' ? utcToday() : '2026-12-31' };
    const report = async (id: string, title: string, limit?: number, columns?: string[]) => {
      const def = queryById(id);
      if (def === undefined) throw new Error(`no query ${id}`);
      const result = await db.query(renderQuery(def, range, { mode: 'values', today: utcToday() }));
      const rows = limit === undefined ? result.rows : result.rows.slice(0, limit);
      out();
      out(`── ${title} (${id}) ${'─'.repeat(Math.max(0, 70 - title.length - id.length))}`);
      out(renderRows(columns ?? result.columns, rows, 'table'));
      if (limit !== undefined && result.rows.length > limit) out(`… ${result.rows.length - limit} more rows`);
    };
    await report('enrollment_provenance_summary', 'Who or what created the enrollments');
    await report(
      'enrollments_outside_integrations',
      'Enrollments made outside SIS and configured integrations',
      12,
      [
        'enrollment_id',
        'course_id',
        'user_id',
        'enrollment_type',
        'created_via',
        'acting_user_login',
        'masqueraded_by',
        'developer_key_id',
      ],
    );
    await report('teacher_added_teachers', 'Teachers added by another teacher in the web UI', 8, [
      'course_id',
      'teacher_user_id',
      'added_by_login',
      'event_time',
    ]);
    await report('cost_per_million_events', 'What it cost (estimated, as if on Lambda arm64 1024 MB)');
    await report('cost_by_table', 'Cost by event type', 8, ['table_name', 'rows_written', 'usd', 'percent']);
    out();
    out(
      'Run any saved query yourself: npx canvas-lake queries, then npx canvas-lake query <id> --param dt_from=2026-08-01',
    );
  } finally {
    db.close();
  }
  return 0;
}
