import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LAKE_PREFIXES } from '../lambda/lake/layout.js';
import { queryById } from '../queries/registry.js';
import { renderQuery, utcToday } from '../queries/render.js';
import { CliError, parseCliArgs } from './errors.js';
import { ingestFiles } from './ingest.js';
import { LocalLake } from './local-lake.js';
import { renderRows } from './output.js';
import { Progress } from './progress.js';
import { DEMO_INTEGRATIONS, generateTerm } from './term.js';

export const DEMO_USAGE = `Usage: canvas-lake demo [--lake <dir>] [--events n] [--seed s]

Generates a synthetic term, ingests it through the real pipeline into a local lake (default ./lake),
and prints the enrollment provenance report, the hand-added enrollments and the cost reports.`;

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

  // Start from an empty lake: only the folders the pipeline writes are removed.
  for (const folder of Object.values(LAKE_PREFIXES))
    await rm(join(lake, folder), { recursive: true, force: true });
  const work = await mkdtemp(join(tmpdir(), 'canvas-lake-demo-'));
  try {
    const input = join(work, 'term.ndjson');
    await writeFile(input, `${generateTerm({ events, seed: Number(values.seed) }).join('\n')}\n`);
    out(
      `canvas-live-events-lake demo: a synthetic term of ${events.toLocaleString('en-US')} Live Events (seed ${values.seed})`,
    );
    out(
      `Ingesting through the Lambda pipeline into ${lake} (integration names: ${JSON.stringify(DEMO_INTEGRATIONS)}) …`,
    );
    const progress = new Progress(process.stderr, 'messages');
    const summary = await ingestFiles({
      paths: [input],
      lake,
      format: 'parquet',
      batchSize: 10_000,
      integrations: DEMO_INTEGRATIONS,
      onProgress: (n) => progress.update(n),
    });
    progress.done();
    out(
      `${summary.messages} messages → ${summary.events} events → ${summary.rows} rows in ${Object.keys(summary.tables).length} tables, ${summary.quarantined} quarantined.`,
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
