import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type ColumnSpec, eventTableSpec } from '../../lambda/contract/columns.js';
import type { RowValue } from '../../lambda/contract/types.js';
import { DEFAULT_PRICES } from '../../lambda/cost/prices.js';
import { formatOfKey } from '../../lambda/lake/formats/index.js';
import { LocalStore } from '../../lambda/lake/local-store.js';
import type { LakeStore, StoredObject } from '../../lambda/lake/store.js';
import type { MaintenanceConfig, MaintenanceContext } from '../../lambda/maintenance/config.js';
import { groupPartitions } from '../../lambda/maintenance/layout.js';
import type { InboundMessage } from '../../lambda/pipeline/ingest.js';
import { enrollmentMessage } from './messages.js';

let enrollmentBase: { metadata: Record<string, unknown>; body: Record<string, unknown> } | undefined;

/** An enrollment_created event with its own enrollment id and time (so its own event_id). */
export function enrollmentEvent(n: number, time: string, messageId = `m-${n}`): InboundMessage {
  enrollmentBase ??= JSON.parse(enrollmentMessage('base').body) as typeof enrollmentBase;
  const base = enrollmentBase as NonNullable<typeof enrollmentBase>;
  return {
    messageId,
    body: JSON.stringify({
      metadata: { ...base.metadata, event_time: time, request_id: `r-${n}` },
      body: {
        ...base.body,
        enrollment_id: String(21070000000100000n + BigInt(n)),
        created_at: time,
        updated_at: time,
      },
    }),
  };
}

/** Every object under a prefix. */
export async function listAll(store: LakeStore, prefix = ''): Promise<StoredObject[]> {
  const all: StoredObject[] = [];
  for await (const page of store.list(prefix)) all.push(...page);
  return all;
}

export interface LakeRow {
  readonly eventId: string;
  readonly eventTime: number;
  readonly ingestedAt: number;
  readonly values: readonly RowValue[];
}

/** Every row of every table partition, by `<table>/<dt>`, read with the lake formats in the current spec. */
export async function readTables(store: LakeStore, prefix = ''): Promise<Map<string, LakeRow[]>> {
  const partitions = groupPartitions(
    prefix,
    await listAll(store, prefix === '' ? 'tables/' : `${prefix}/tables/`),
  );
  const out = new Map<string, LakeRow[]>();
  for (const p of partitions) {
    const columns = eventTableSpec(p.table).columns;
    const at = (name: string) => columns.findIndex((c: ColumnSpec) => c.name === name);
    const rows: LakeRow[] = [];
    for (const file of p.files) {
      const format = formatOfKey(file.key);
      if (format === undefined) continue;
      const read = await format.read(await store.get(file.key), columns);
      for (const values of read.rows) {
        rows.push({
          eventId: values[at('event_id')] as string,
          eventTime: values[at('event_time')] as number,
          ingestedAt: values[at('ingested_at')] as number,
          values,
        });
      }
    }
    out.set(`${p.table}/${p.dt}`, rows);
  }
  return out;
}

/** The distinct event ids of a lake read with `readTables`. */
export const distinctEvents = (tables: Map<string, LakeRow[]>) =>
  new Set([...tables.values()].flatMap((rows) => rows.map((r) => r.eventId)));

export const maintenanceConfig = (overrides: Partial<MaintenanceConfig> = {}): MaintenanceConfig => ({
  prefix: '',
  format: 'parquet',
  prices: DEFAULT_PRICES,
  graceDays: 2,
  latenessDays: 28,
  integrations: {},
  memoryMb: 4096,
  architecture: 'arm64',
  ...overrides,
});

export const testContext = (now: number, requestId = 'test'): MaintenanceContext => ({
  requestId,
  functionName: 'test',
  now: () => now,
  clock: () => performance.now(),
  stateTransitions: 0,
});

/**
 * A factory of empty local lakes in temporary folders, all removed once the calling test file is done (call it
 * at the top level of the file).
 */
export function temporaryLakes(name: string): () => LocalStore {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  return () => {
    const root = mkdtempSync(join(tmpdir(), `${name}-`));
    roots.push(root);
    return new LocalStore(root);
  };
}
