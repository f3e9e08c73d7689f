// Run by tests on another Node runtime: encodes the catalog's enrollment example as Parquet with a codec.
import { writeFileSync } from 'node:fs';
import { eventTableSpec } from '../../lambda/contract/columns.js';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { encodeParquet, type ParquetCodec, parquetOptionsFor } from '../../lambda/lake/formats/parquet.js';
import { examplesOf } from './catalog.js';

const [out, codec] = process.argv.slice(2) as [string, ParquetCodec];
const payload = examplesOf('canvas').find((e) => e.file === 'enrollment_created')?.payload;
const rows = decodeMessage(JSON.stringify(payload), undefined, { ingestedAt: 0 }).rows.map((r) => r.values);
writeFileSync(
  out,
  encodeParquet(eventTableSpec('enrollment_created').columns, rows, parquetOptionsFor(codec)),
);
process.stdout.write(`${process.version}\n`);
