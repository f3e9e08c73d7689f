import { describe, expect, it } from 'vitest';
import { DEMO_INTEGRATIONS, generateTerm } from '../../cli/term.js';
import { decodeMessage } from '../../lambda/contract/decode.js';

describe('synthetic term generator', () => {
  const messages = generateTerm({ events: 4000, seed: 7 });
  const decoded = messages.map((m) =>
    decodeMessage(m, undefined, { ingestedAt: 0, integrations: DEMO_INTEGRATIONS }),
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
    expect(new Set(rows.map((r) => r.table))).toEqual(
      new Set([
        'enrollment_created',
        'enrollment_updated',
        'enrollment_state_created',
        'enrollment_state_updated',
        'asset_accessed',
        'submission_created',
        'submission_updated',
        'other_events',
      ]),
    );
    expect(new Set(messages).size).toBeLessThan(messages.length);
    const quarantined = decoded.flatMap((d) => d.quarantined);
    expect(quarantined.length).toBeGreaterThan(0);
    expect(quarantined.length).toBeLessThan(messages.length * 0.01);
  });

  it('writes events of realistic size (0.6–2.5 KB)', () => {
    const sizes = messages.filter((_, i) => decoded[i]?.rows.length === 1).map((m) => m.length);
    expect(Math.min(...sizes)).toBeGreaterThan(500);
    expect(Math.max(...sizes)).toBeLessThan(4000);
  });
});
