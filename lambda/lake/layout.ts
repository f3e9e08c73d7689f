import { createHash } from 'node:crypto';
import { lakeFormat, type OutputFormat } from './formats/index.js';

/**
 * The lake layout, identical on S3 and on disk:
 *
 *   tables/<table>/dt=YYYY-MM-DD/<id>.parquet   (or .json.gz)   typed rows, dt = UTC date of event_time
 *   raw/dt=YYYY-MM-DD/<id>.ndjson.gz                             every message body verbatim, dt = ingest date
 *   quarantine/dt=YYYY-MM-DD/<id>.ndjson.gz                      what could not be placed, with its reason
 *   costs/dt=YYYY-MM-DD/<request-id>.json                        one cost record per invocation
 *
 * File ids are hashes of what the file holds (event ids, message ids), so a retried batch overwrites its
 * own files instead of adding duplicates where it can.
 */
export const LAKE_PREFIXES = {
  tables: 'tables',
  raw: 'raw',
  quarantine: 'quarantine',
  costs: 'costs',
} as const;

const joinKey = (prefix: string, ...parts: string[]) =>
  [prefix.replace(/\/+$/, ''), ...parts].filter((p) => p !== '').join('/');

/** A deterministic file id: SHA-256 of the sorted ids, 32 hex characters. */
export function contentId(ids: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const id of [...ids].sort()) hash.update(id).update('\n');
  return hash.digest('hex').slice(0, 32);
}

export const tableFileKey = (prefix: string, table: string, dt: string, id: string, format: OutputFormat) =>
  joinKey(prefix, LAKE_PREFIXES.tables, table, `dt=${dt}`, `${id}${lakeFormat(format).extension}`);

export const rawFileKey = (prefix: string, dt: string, id: string) =>
  joinKey(prefix, LAKE_PREFIXES.raw, `dt=${dt}`, `${id}.ndjson.gz`);

export const quarantineFileKey = (prefix: string, dt: string, id: string) =>
  joinKey(prefix, LAKE_PREFIXES.quarantine, `dt=${dt}`, `${id}.ndjson.gz`);

export const costFileKey = (prefix: string, dt: string, requestId: string) =>
  joinKey(prefix, LAKE_PREFIXES.costs, `dt=${dt}`, `${requestId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
