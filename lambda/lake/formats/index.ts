import type { LakeFormat } from './format.js';
import { JSON_FORMAT } from './json.js';
import { PARQUET_FORMAT } from './parquet.js';

export type {
  ColumnsRead,
  EncodeOptions,
  GlueStorage,
  LakeFormat,
  ParquetCodec,
  ReadResult,
  RowRange,
  RowValues,
  TableWriter,
} from './format.js';
export { rowsOf } from './format.js';

/** The lake's storage formats of event tables: a new format is one file in this folder and one entry here. */
export const LAKE_FORMATS = {
  parquet: PARQUET_FORMAT,
  json: JSON_FORMAT,
} as const satisfies Record<string, LakeFormat>;

/** The name of a lake format, as configuration spells it. */
export type OutputFormat = keyof typeof LAKE_FORMATS;

export const OUTPUT_FORMATS = Object.keys(LAKE_FORMATS) as [OutputFormat, ...OutputFormat[]];

export function lakeFormat(name: OutputFormat): LakeFormat {
  return LAKE_FORMATS[name];
}

/** The format of a table file, from its name; undefined for a file no format writes. */
export function formatOfKey(key: string): LakeFormat | undefined {
  return Object.values(LAKE_FORMATS).find((f) => key.endsWith(f.extension));
}
