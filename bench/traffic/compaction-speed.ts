/**
 * How fast a compaction can merge small table files, measured here on files the real pipeline wrote: read each
 * with hyparquet (the kept reader issue 10 names), then keep the earliest copy of every event id, sort by
 * event_time and write one file with the pipeline's own Parquet encoder (hyparquet-writer). This stands in for
 * `canvas-lake compact` until that command is on main; it does the same work per row.
 */
import { parquetRead } from 'hyparquet';
import { eventTableSpec } from '../../lambda/contract/columns.js';
import type { RowValue } from '../../lambda/contract/types.js';
import { encodeParquet } from '../../lambda/lake/formats/parquet.js';

export interface CompactionSpeed {
  readonly files: number;
  readonly rows: number;
  readonly readSecondsPerRow: number;
  readonly writeSecondsPerRow: number;
  /** Bytes of the merged files per byte of their inputs. */
  readonly outputBytesRatio: number;
}

async function readRows(body: Uint8Array): Promise<RowValue[][]> {
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  let rows: RowValue[][] = [];
  await parquetRead({
    file,
    onComplete: (data) => {
      rows = data as RowValue[][];
    },
  });
  return rows;
}

/** Merges the files of each table into one, timing the read and the write separately. */
export async function measureCompactionSpeed(
  files: readonly { readonly table: string; readonly body: Uint8Array }[],
): Promise<CompactionSpeed> {
  const byTable = new Map<string, Uint8Array[]>();
  for (const f of files) byTable.set(f.table, [...(byTable.get(f.table) ?? []), f.body]);
  let readSeconds = 0;
  let writeSeconds = 0;
  let rowCount = 0;
  let inputBytes = 0;
  let outputBytes = 0;
  for (const [table, bodies] of byTable) {
    const columns = eventTableSpec(table).columns;
    const idAt = columns.findIndex((c) => c.name === 'event_id');
    const timeAt = columns.findIndex((c) => c.name === 'event_time');
    const ingestedAt = columns.findIndex((c) => c.name === 'ingested_at');
    const timestamps = columns.map((c) => c.type === 'timestamp');
    let t = performance.now();
    const rows: RowValue[][] = [];
    for (const body of bodies) {
      inputBytes += body.byteLength;
      for (const row of await readRows(body)) {
        // hyparquet returns timestamps as Date: back to epoch milliseconds, as the pipeline's rows hold them.
        for (let i = 0; i < row.length; i++) {
          const v = row[i] as unknown;
          if (timestamps[i] && v instanceof Date) row[i] = v.getTime();
          else if (timestamps[i] && typeof v === 'bigint') row[i] = Number(v);
        }
        rows.push(row);
      }
    }
    readSeconds += (performance.now() - t) / 1000;
    t = performance.now();
    const earliest = new Map<unknown, RowValue[]>();
    for (const row of rows) {
      const seen = earliest.get(row[idAt]);
      if (seen === undefined || (row[ingestedAt] as number) < (seen[ingestedAt] as number))
        earliest.set(row[idAt], row);
    }
    const merged = [...earliest.values()].sort((a, b) => (a[timeAt] as number) - (b[timeAt] as number));
    outputBytes += encodeParquet(columns, merged).byteLength;
    writeSeconds += (performance.now() - t) / 1000;
    rowCount += rows.length;
  }
  if (rowCount === 0) throw new Error('no table rows to measure compaction on');
  return {
    files: files.length,
    rows: rowCount,
    readSecondsPerRow: readSeconds / rowCount,
    writeSecondsPerRow: writeSeconds / rowCount,
    outputBytesRatio: outputBytes / inputBytes,
  };
}
