import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetOptionsFor } from '../../lambda/lake/formats/parquet.js';
import { duck, sqlPath } from '../support/duckdb.js';
import { lambdaNode, TSX_LOADER } from '../support/runtimes.js';

const dir = mkdtempSync(join(tmpdir(), 'zstd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = fileURLToPath(new URL('../support/write-parquet.ts', import.meta.url));

describe('Parquet ZSTD compression', () => {
  it.each([22, 24] as const)(
    'writes ZSTD Parquet on Node %i (the Lambda runtimes) that DuckDB and the lake reader read',
    async (version) => {
      const out = join(dir, `node${version}.parquet`);
      const printed = execFileSync(lambdaNode(version), ['--import', TSX_LOADER, script, out, 'ZSTD'], {
        encoding: 'utf8',
      });
      expect(printed.trim()).toMatch(new RegExp(`^v${version}\\.\\S+ read-back:same$`));
      const meta = await duck(`SELECT DISTINCT compression FROM parquet_metadata(${sqlPath(out)})`);
      expect(meta).toEqual([{ compression: 'ZSTD' }]);
      const rows = await duck(`SELECT enrollment_id, created_via FROM read_parquet(${sqlPath(out)})`);
      expect(rows).toEqual([{ enrollment_id: '21070000000046825', created_via: 'api_integration' }]);
    },
  );

  it('is refused up front, with the reason, on a Node without zlib zstd', () => {
    const hasZstd = typeof (zlib as Record<string, unknown>).zstdCompressSync === 'function';
    if (hasZstd) expect(parquetOptionsFor('ZSTD').codec).toBe('ZSTD');
    else expect(() => parquetOptionsFor('ZSTD')).toThrow(/ZSTD compression needs Node\.js >= 22\.15/);
  });
});
