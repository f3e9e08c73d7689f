import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Runs SQL on an in-memory DuckDB (UTC session) and returns plain row objects. */
export async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjects() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes objects (key → bytes) into a fresh temporary folder, for DuckDB to read; returns the folder and a cleanup. */
export function materialize(objects: Iterable<[string, Uint8Array]>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lake-'));
  for (const [key, body] of objects) {
    const path = join(dir, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Quotes a path for a DuckDB SQL string literal. */
export const sqlPath = (path: string) => `'${path.replace(/'/g, "''")}'`;
