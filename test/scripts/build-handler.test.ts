import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHandlerBundle } from '../../scripts/build-handler.js';

const out = mkdtempSync(join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run build (the handler bundle)', () => {
  it('bundles the handler into one ESM file with a source map, as the CDK function does', async () => {
    const { path, bytes } = await buildHandlerBundle(out);
    expect(bytes).toBeGreaterThan(100_000);
    expect(bytes).toBeLessThan(1024 * 1024);
    const code = readFileSync(path, 'utf8');
    expect(code.startsWith('import { createRequire as __createRequire }')).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*handler/);
    expect(JSON.parse(readFileSync(`${path}.map`, 'utf8')).sources.length).toBeGreaterThan(10);
  });
});
