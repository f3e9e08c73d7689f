import { resolve } from 'node:path';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../lambda/lake/formats/index.js';
import { LocalStore } from '../lambda/lake/local-store.js';
import { type CompactionSummary, compactLake } from '../lambda/maintenance/compact.js';
import {
  DEFAULT_GRACE_DAYS,
  DEFAULT_LATENESS_DAYS,
  type MaintenanceConfig,
  type MaintenanceContext,
} from '../lambda/maintenance/config.js';
import { isDate } from '../lambda/maintenance/layout.js';
import { MB } from '../lambda/maintenance/rewrite.js';
import { parseCliArgs } from './args.js';
import { CliError } from './errors.js';
import { formatTable } from './format.js';

export const COMPACT_USAGE = `Usage: canvas-lake compact --lake <dir> [--table name] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                           [--format parquet|json] [--grace-days n] [--target-mb n]

Compacts every (table, dt) partition with dt in the range into one file (more only past --target-mb,
default 256): duplicate deliveries removed (the earliest ingested_at is kept), rows sorted by event_time,
in the table's current columns. The default --to is today minus the grace period (--grace-days, default
${DEFAULT_GRACE_DAYS}); an explicit --to overrides it. A partition already compacted is only listed.`;

/** Options every maintenance command takes, checked the same way. */
export const MAINTENANCE_OPTIONS = {
  lake: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string', default: 'parquet' },
  'target-mb': { type: 'string', default: '256' },
  'memory-mb': { type: 'string', default: '2048' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const positiveInt = (text: string, option: string, max: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new CliError(`--${option} must be an integer from 0 to ${max}`);
  return n;
};

export function dateOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isDate(value)) throw new CliError(`--${option} must be a date YYYY-MM-DD, not '${value}'`);
  return value;
}

/** The maintenance configuration of a local run (estimated as on Lambda arm64 with --memory-mb). */
export function localMaintenanceConfig(values: {
  format?: string;
  'target-mb'?: string;
  'memory-mb'?: string;
  'grace-days'?: string;
  'lateness-days'?: string;
  integrations?: Record<string, string>;
}): MaintenanceConfig {
  if (!OUTPUT_FORMATS.includes(values.format as OutputFormat)) {
    throw new CliError(`--format must be ${OUTPUT_FORMATS.join(' or ')}, not '${values.format}'`);
  }
  const targetMb = positiveInt(values['target-mb'] ?? '256', 'target-mb', 5 * 1024);
  if (targetMb < 1) throw new CliError('--target-mb must be at least 1');
  return {
    prefix: '',
    format: values.format as OutputFormat,
    targetFileBytes: targetMb * MB,
    prices: DEFAULT_PRICES,
    graceDays: positiveInt(values['grace-days'] ?? String(DEFAULT_GRACE_DAYS), 'grace-days', 3650),
    latenessDays: positiveInt(
      values['lateness-days'] ?? String(DEFAULT_LATENESS_DAYS),
      'lateness-days',
      36_500,
    ),
    integrations: values.integrations ?? {},
    memoryMb: positiveInt(values['memory-mb'] ?? '2048', 'memory-mb', 10_240),
    architecture: 'arm64',
  };
}

export const localContext = (command: string, now: () => number = Date.now): MaintenanceContext => ({
  requestId: `local-${command}-${new Date(now()).toISOString().replace(/[:.]/g, '')}`,
  functionName: `canvas-lake ${command}`,
  now,
  clock: () => performance.now(),
  stateTransitions: 0,
});

export async function compactCommand(args: string[], now: () => number = Date.now): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: { ...MAINTENANCE_OPTIONS, table: { type: 'string' }, 'grace-days': { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${COMPACT_USAGE}\n`);
    return 0;
  }
  if (!values.lake) throw new CliError('missing --lake <dir>');
  const from = dateOption(values.from, 'from');
  const to = dateOption(values.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new CliError(`--from ${from} is after --to ${to}`);
  const config = localMaintenanceConfig(values);
  const summary = await compactLake(
    new LocalStore(values.lake),
    config,
    { ...(values.table ? { table: values.table } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) },
    localContext('compact', now),
  );
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  process.stdout.write(`${describe(summary, resolve(values.lake))}\n`);
  return 0;
}

function describe(s: CompactionSummary, lake: string): string {
  const range = `${s.from ?? 'the beginning'} … ${s.to}`;
  const rows = [
    { measure: 'partitions in range', value: s.partitions },
    { measure: 'compacted now', value: s.partitions_compacted },
    { measure: 'already compacted (listed only)', value: s.partitions_already_compacted },
    { measure: 'files before → after', value: `${s.files_before} → ${s.files_after}` },
    { measure: 'rows read → written', value: `${s.rows_before} → ${s.rows_after}` },
    { measure: 'duplicates removed', value: s.duplicates_removed },
    { measure: 'bytes before → after', value: `${s.bytes_before} → ${s.bytes_after}` },
    {
      measure: 'S3 requests as on AWS (GET/PUT/LIST/DELETE)',
      value: `${s.s3_gets}/${s.s3_puts}/${s.s3_lists}/${s.s3_deletes}`,
    },
    { measure: 'estimated cost on AWS (USD)', value: s.usd.toFixed(6) },
  ];
  const unknown =
    s.unknown_tables.length > 0
      ? `\nLeft alone (no such table in the contract): ${s.unknown_tables.join(', ')}`
      : '';
  return `Compacted ${lake}, dt ${range}\n\n${formatTable(rows, ['measure', 'value'])}${unknown}`;
}
