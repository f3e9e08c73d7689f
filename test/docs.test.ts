import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTablesDoc } from '../scripts/tables-doc.js';

describe('docs/tables.md', () => {
  it('is up to date with the column spec (run `npm run docs`)', () => {
    expect(readFileSync(new URL('../docs/tables.md', import.meta.url), 'utf8')).toBe(renderTablesDoc());
  });
});
