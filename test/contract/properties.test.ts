import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventTableSpec } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import type { LogicalType } from '../../lambda/contract/logical-types.js';
import { CREATED_VIA } from '../../lambda/contract/provenance.js';
import { redactSecrets } from '../../lambda/contract/redact.js';
import type { DecodeResult } from '../../lambda/contract/row.js';
import { QUARANTINE_REASONS, type RowValue } from '../../lambda/contract/types.js';
import { examplesOf } from '../support/catalog.js';

const options = { ingestedAt: Date.UTC(2026, 0, 1) };
const examples = [...examplesOf('canvas'), ...examplesOf('caliper')].map((e) => e.payload);

const typeOk: Record<LogicalType, (v: RowValue) => boolean> = {
  string: (v) => typeof v === 'string',
  id: (v) => typeof v === 'string',
  url: (v) => typeof v === 'string',
  json: (v) => typeof v === 'string' && (() => JSON.parse(v as string) !== undefined)(),
  boolean: (v) => typeof v === 'boolean',
  int64: (v) => typeof v === 'bigint',
  double: (v) => typeof v === 'number' && Number.isFinite(v),
  timestamp: (v) => typeof v === 'number' && Number.isFinite(v),
};

/** Every input ends as rows or quarantine records, and every row conforms to its table's column spec. */
function assertAccountedFor(body: string, result: DecodeResult) {
  expect(result.rows.length + result.quarantined.length).toBeGreaterThanOrEqual(1);
  for (const q of result.quarantined) {
    expect(QUARANTINE_REASONS).toContain(q.reason);
    // The original as received, through the one redaction mechanism.
    expect(q.original).toBe(redactSecrets(body));
  }
  for (const { table, row } of result.rows) {
    const spec = eventTableSpec(table);
    if ('created_via' in row) expect(CREATED_VIA).toContain(row.created_via);
    expect(Object.keys(row)).toEqual(spec.columns.map((c) => c.name));
    for (const column of spec.columns) {
      const value = row[column.name] as RowValue;
      if (value === null) expect(column.nullable, `${table}.${column.name} is null`).toBe(true);
      else expect(typeOk[column.type](value), `${table}.${column.name}: ${String(value)}`).toBe(true);
    }
  }
  const parsed = (() => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  })();
  const data = (parsed as { data?: unknown; sensor?: unknown } | undefined)?.data;
  if (
    Array.isArray(data) &&
    data.length > 0 &&
    typeof parsed === 'object' &&
    parsed !== null &&
    'sensor' in parsed
  ) {
    if (!('metadata' in parsed)) expect(result.rows.length + result.quarantined.length).toBe(data.length);
  }
}

/** Replaces, deletes or retypes values at random paths of a real event. */
function mutate(value: unknown, edits: { pick: number; op: number; replacement: unknown }[]): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  for (const edit of edits) {
    const containers: [Record<string, unknown> | unknown[], string | number][] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          containers.push([node, i]);
          walk(node[i]);
        }
      } else if (typeof node === 'object' && node !== null) {
        for (const [k, v] of Object.entries(node)) {
          containers.push([node as Record<string, unknown>, k]);
          walk(v);
        }
      }
    };
    walk(copy);
    if (containers.length === 0) break;
    const [parent, key] = containers[edit.pick % containers.length] as [
      Record<string | number, unknown>,
      string | number,
    ];
    if (edit.op % 3 === 0) delete parent[key];
    else if (edit.op % 3 === 1) parent[key] = edit.replacement;
    else
      parent[key] =
        typeof parent[key] === 'string' ? Number(parent[key]) || [parent[key]] : String(parent[key]);
  }
  return copy;
}

describe('decodeMessage never throws and loses nothing', () => {
  it('on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const body = JSON.stringify(value) ?? 'null';
        assertAccountedFor(body, decodeMessage(body, undefined, options));
      }),
      { numRuns: 500 },
    );
  });

  it('on random strings and attributes', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), fc.option(fc.string()), (body, name, time) => {
        const attributes = { event_name: name ?? undefined, event_time: time ?? undefined };
        assertAccountedFor(body, decodeMessage(body, attributes, options));
      }),
      { numRuns: 500 },
    );
  });

  it('on truncated real events', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (example, cut) => {
          const text = JSON.stringify(example);
          const body = text.slice(0, Math.floor(text.length * cut));
          assertAccountedFor(body, decodeMessage(body, undefined, options));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on mutated real events', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.array(fc.record({ pick: fc.nat(), op: fc.nat(), replacement: fc.jsonValue() }), {
          minLength: 1,
          maxLength: 6,
        }),
        (example, edits) => {
          const body = JSON.stringify(mutate(example, edits));
          assertAccountedFor(body, decodeMessage(body, undefined, options));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
