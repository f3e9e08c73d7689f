// Run by tests on another Node runtime: encodes the catalog's enrollment example as Parquet with a codec.
import { writeFileSync } from 'node:fs';
import { eventTableSpec } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import {
  encodeParquet,
  PARQUET_FORMAT,
  type ParquetCodec,
  parquetOptionsFor,
} from '../../lambda/lake/formats/parquet.js';
import { examplesOf } from './catalog.js';

const [out, codec] = process.argv.slice(2) as [string, ParquetCodec];
const payload = examplesOf('canvas').find((e) => e.file === 'enrollment_created')?.payload;
const rows = decodeMessage(JSON.stringify(payload), undefined, { ingestedAt: 0 }).rows.map((r) => r.values);
const columns = eventTableSpec('enrollment_created').columns;
const bytes = encodeParquet(columns, rows, parquetOptionsFor(codec));
writeFileSync(out, bytes);
// Read back with the lake's own reader too (compaction runs it on this runtime): the same rows.
const back = await PARQUET_FORMAT.read(bytes, columns);
const same =
  JSON.stringify(back.rows, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ===
  JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
process.stdout.write(`${process.version} read-back:${same ? 'same' : 'different'}\n`);
