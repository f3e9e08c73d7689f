import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'import-rules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the project's import rules (`npm run lint`'s dependency-cruiser step) over a tree of small files. */
function cruise(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, 'tree-'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      'lambda',
      'cli',
      '--config',
      join(ROOT, '.dependency-cruiser.cjs'),
      '--output-type',
      'err',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  return result.stdout + result.stderr;
}

describe('the import rules of npm run lint', () => {
  it('fail on a cycle, and on the runtime or the contract importing upwards', () => {
    const out = cruise({
      'lambda/contract/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'lambda/contract/b.ts':
        "import { a } from './a.js';\nimport { sink } from '../lake/sink.js';\nexport const b = () => [a, sink];\n",
      'lambda/lake/sink.ts': "import { main } from '../../cli/main.js';\nexport const sink = main;\n",
      'cli/main.ts': 'export const main = 1;\n',
    });
    expect(out).toMatch(/error no-circular: lambda\/contract\/a\.ts/);
    expect(out).toMatch(/error contract-below-everything: lambda\/contract\/b\.ts → lambda\/lake\/sink\.ts/);
    expect(out).toMatch(/error lambda-stays-runtime: lambda\/lake\/sink\.ts → cli\/main\.ts/);
  });

  it('pass on a tree whose arrows all point down', () => {
    const out = cruise({
      'lambda/contract/types.ts': 'export type Row = Record<string, unknown>;\n',
      'lambda/contract/decode.ts':
        "import type { Row } from './types.js';\nexport const decode = (): Row => ({});\n",
      'lambda/pipeline/ingest.ts':
        "import { decode } from '../contract/decode.js';\nexport const ingest = decode;\n",
      'cli/main.ts': "import { ingest } from '../lambda/pipeline/ingest.js';\nexport const main = ingest;\n",
    });
    expect(out).toMatch(/no dependency violations found/);
  });
});
