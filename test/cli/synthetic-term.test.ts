import { describe, expect, it } from 'vitest';
import { DEMO_INTEGRATIONS, generateTerm, UNTYPED_ON_PURPOSE } from '../../cli/synthetic-term.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { examplesOf } from '../support/catalog.js';

/** After the whole synthetic term, as if it were ingested as it happened. */
const INGESTED_AT = Date.UTC(2030, 0, 1);

describe('synthetic term generator', () => {
  const messages = generateTerm({ events: 4000, seed: 7 });
  const decoded = messages.map((m) =>
    decodeMessage(m, undefined, { ingestedAt: INGESTED_AT, integrations: DEMO_INTEGRATIONS }),
  );
  const rows = decoded.flatMap((d) => d.rows);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateTerm({ events: 4000, seed: 7 })).toEqual(messages);
    expect(generateTerm({ events: 4000, seed: 8 })).not.toEqual(messages);
  });

  it('follows the catalog shapes: every well-formed event validates with no issue and no unknown field', () => {
    expect(rows.filter((r) => r.row.validation_issues !== null || r.row.extra_json !== null)).toEqual([]);
  });

  it('covers every way enrollments are made, both formats, duplicates and a few broken messages', () => {
    const via = new Set(rows.filter((r) => r.table === 'enrollment_created').map((r) => r.row.created_via));
    expect([...via].sort()).toEqual([
      'api_integration',
      'background_job',
      'self_enrollment',
      'sis_import',
      'unknown',
      'web_ui',
    ]);
    expect(rows.some((r) => r.row.masqueraded_by !== null && r.row.masqueraded_by !== undefined)).toBe(true);
    expect(rows.some((r) => r.row.integration_name === 'Registrar sync')).toBe(true);
    expect(new Set(rows.map((r) => r.row.source_format))).toEqual(new Set(['canvas', 'caliper']));
    const tables = new Set(rows.map((r) => r.table));
    const expected = [
      'enrollment_created',
      'enrollment_updated',
      'enrollment_state_created',
      'enrollment_state_updated',
    ];
    expected.push('asset_accessed', 'submission_created', 'submission_updated', 'grade_change', 'logged_in');
    for (const table of expected) expect(tables.has(table), table).toBe(true);
    expect(new Set(messages).size).toBeLessThan(messages.length);
    const quarantined = decoded.flatMap((d) => d.quarantined);
    expect(quarantined.length).toBeGreaterThan(0);
    expect(quarantined.length).toBeLessThan(messages.length * 0.01);
  });

  it('leaves in other_events only the types it sends untyped on purpose', () => {
    const untyped = rows.filter((r) => r.table === 'other_events');
    expect(new Set(untyped.map((r) => r.row.event_name))).toEqual(new Set(UNTYPED_ON_PURPOSE));
    expect(untyped.length).toBeGreaterThan(0);
    // Every Caliper event, NavigationEvents included, lands in a typed table.
    const caliper = rows.filter((r) => r.row.source_format === 'caliper');
    expect(new Set(caliper.map((r) => r.table))).toEqual(
      new Set(['asset_accessed', 'enrollment_created', 'submission_created', 'submission_updated']),
    );
  });

  it('can model live traffic: a short window, in time order', () => {
    const start = Date.UTC(2026, 9, 5);
    const live = generateTerm({ events: 1000, seed: 3, window: { start, days: 2 } });
    const times = live
      .map((m) => decodeMessage(m, undefined, { ingestedAt: INGESTED_AT }).rows[0]?.eventTime)
      .filter((t): t is number => t !== undefined);
    expect(times.length).toBeGreaterThan(950);
    expect(times.every((t) => t >= start && t < start + 2 * 86_400_000)).toBe(true);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
  });

  it('writes events the size of real ones: each type within 4× of its catalog example (page and message texts vary), each one SQS billing unit', () => {
    const key = (d: (typeof decoded)[number]) =>
      `${d.rows[0]?.row.source_format}:${d.rows[0]?.row.event_name}`;
    const real = new Map<string, number>();
    for (const example of [...examplesOf('canvas'), ...examplesOf('caliper')]) {
      const text = JSON.stringify(example.payload);
      const d = decodeMessage(text, undefined, { ingestedAt: INGESTED_AT });
      if (d.rows.length === 1) real.set(key(d), text.length);
    }
    const compared: string[] = [];
    for (const [i, message] of messages.entries()) {
      const d = decoded[i];
      if (d?.rows.length !== 1) continue;
      // SQS bills a request per 64 KiB chunk: the cost model counts one per message.
      expect(Buffer.byteLength(message)).toBeLessThan(65_536);
      const catalog = real.get(key(d));
      if (catalog === undefined) continue;
      compared.push(key(d));
      expect(message.length / catalog, key(d)).toBeGreaterThan(1 / 4);
      expect(message.length / catalog, key(d)).toBeLessThan(4);
    }
    // Most of the term has a catalog twin to compare with.
    expect(compared.length).toBeGreaterThan(0.85 * rows.length);
  });
});
