import { resolve } from 'node:path';
import * as z from 'zod';
import { LocalStore } from '../lambda/lake/local-store.js';
import { DEFAULT_GRACE_DAYS, DEFAULT_LATENESS_DAYS } from '../lambda/maintenance/config.js';
import { ReplayError, type ReplaySummary, replayLake } from '../lambda/maintenance/replay.js';
import { parseCliArgs } from './args.js';
import { dateOption, localContext, localMaintenanceConfig, MAINTENANCE_OPTIONS } from './compact.js';
import { CliError } from './errors.js';
import { formatTable } from './format.js';

export const REPLAY_USAGE = `Usage: canvas-lake replay --lake <dir> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                          [--lateness-days n] [--integrations JSON] [--format parquet|json] [--grace-days n]

Re-derives the tables for event dates [--from, --to] (default: the whole lake, up to today minus the grace
period of ${DEFAULT_GRACE_DAYS} days) from the raw archive with today's contract, and replaces the quarantine of
the raw dates it reads. It reads the raw dates from --from − 1 to --to + --lateness-days (default
${DEFAULT_LATENESS_DAYS}); rows that arrived later still are kept as they are and reported. See docs/maintenance.md.`;

const Integrations = z.record(z.string().regex(/^\d+$/), z.string().min(1));

export async function replayCommand(args: string[], now: () => number = Date.now): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: {
      ...MAINTENANCE_OPTIONS,
      'grace-days': { type: 'string' },
      'lateness-days': { type: 'string' },
      integrations: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${REPLAY_USAGE}\n`);
    return 0;
  }
  if (!values.lake) throw new CliError('missing --lake <dir>');
  let integrations: Record<string, string> = {};
  if (values.integrations !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(values.integrations);
    } catch {
      throw new CliError('--integrations must be JSON: {"<developer_key_id>": "<name>"}');
    }
    const checked = Integrations.safeParse(parsed);
    if (!checked.success) throw new CliError('--integrations must map developer key ids (digits) to names');
    integrations = checked.data;
  }
  const config = localMaintenanceConfig({ ...values, integrations });
  const from = dateOption(values.from, 'from');
  const to = dateOption(values.to, 'to');
  const store = new LocalStore(values.lake);
  let summary: ReplaySummary;
  try {
    summary = await replayLake(
      { lake: store, restricted: store },
      config,
      { ...(from ? { from } : {}), ...(to ? { to } : {}) },
      localContext('replay', now),
    );
  } catch (error) {
    if (error instanceof ReplayError) throw new CliError(error.message);
    throw error;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  process.stdout.write(`${describe(summary, resolve(values.lake))}\n`);
  return 0;
}

function describe(s: ReplaySummary, lake: string): string {
  const rows = [
    { measure: 'raw dates read', value: `${s.raw_dates} (${s.raw_from} … ${s.raw_to})` },
    { measure: 'messages → events', value: `${s.messages} → ${s.events}` },
    { measure: 'rows re-derived / quarantined', value: `${s.rows_derived} / ${s.quarantined}` },
    { measure: 'partitions rewritten', value: s.partitions },
    { measure: 'files before → after', value: `${s.files_before} → ${s.files_after}` },
    { measure: 'rows before → after', value: `${s.rows_before} → ${s.rows_after}` },
    {
      measure: 'quarantine files before → after',
      value: `${s.quarantine_files_before} → ${s.quarantine_files_after}`,
    },
    { measure: 'estimated cost on AWS (USD)', value: s.usd.toFixed(6) },
  ];
  const outside =
    s.rows_outside_window > 0
      ? `\n${s.rows_outside_window} rows came from raw dates outside the window and were kept as they are (${s.raw_dates_outside_window.join(', ')}); replay with a larger --lateness-days to re-derive them.`
      : '';
  return `Replayed ${lake}, event dates ${s.from ?? 'the beginning'} … ${s.to}\n\n${formatTable(rows, ['measure', 'value'])}${outside}`;
}
