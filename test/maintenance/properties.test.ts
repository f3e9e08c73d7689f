import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { LocalStore } from '../../lambda/lake/local-store.js';
import { histories, playHistory } from './compaction-property.js';

describe('compaction under duplicate deliveries, late events and crashes (local folder)', () => {
  it('preserves the set of distinct events exactly at every step, and leaves no event_id twice in a partition', async () => {
    await fc.assert(
      fc.asyncProperty(histories, async (history) => {
        const root = mkdtempSync(join(tmpdir(), 'compact-prop-'));
        try {
          await playHistory(new LocalStore(root), '', history);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 30 },
    );
  });
});
