import type { ColumnSpec } from '../../contract/columns.js';
import type { RowValue } from '../../contract/types.js';
import type { RowValues } from '../ndjson.js';

export type { RowValues };

/** Parquet codecs the lake writes (the column spec decides the types; the codec only the compression). */
export type ParquetCodec = 'SNAPPY' | 'ZSTD' | 'UNCOMPRESSED';

/** What an encoder may be told beyond the rows. */
export interface EncodeOptions {
  /** Parquet compression and its compressor (see `parquetOptionsFor`); ignored by formats without codecs. */
  readonly parquet?: {
    readonly codec?: ParquetCodec;
    readonly compressors?: Readonly<Record<string, (input: Uint8Array) => Uint8Array>>;
  };
  /**
   * Key-value metadata stored in the file when the format has a place for it (Parquet's footer). Formats
   * without one ignore it: nothing may depend on it that the file name does not also say.
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Rows per row group, for formats that have row groups (default: one row group per file). */
  readonly rowGroupSize?: number;
}

export interface ReadResult {
  /** Rows typed by the column spec given to `read`, in its order; a column the file lacks is null. */
  readonly rows: RowValues[];
  /** Every column name the file holds (a JSON file: every key seen), to detect columns the spec lacks. */
  readonly fileColumns: readonly string[];
  /** The file's key-value metadata (empty for formats without it). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Rows [start, end) of a file (0-based). */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/** A file read column by column: one array per requested column, in the order requested. */
export interface ColumnsRead {
  readonly columns: RowValue[][];
  /** Rows read (the range's length, or every row of the file). */
  readonly rows: number;
  /** Rows in the whole file. */
  readonly totalRows: number;
  readonly fileColumns: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A file written a row group at a time, so that a file larger than memory never has all its rows in memory:
 * only the encoded bytes so far, and the row group being written.
 */
export interface TableWriter {
  /** Appends one row group: one array of values per column of the spec, each `rows` long. */
  write(columns: readonly (readonly RowValue[])[], rows: number): void;
  /** The file's bytes. */
  finish(): Uint8Array | Promise<Uint8Array>;
}

/** Rows of a columnar read, in column-spec order. */
export function rowsOf(read: ColumnsRead): RowValue[][] {
  const out: RowValue[][] = new Array(read.rows);
  const width = read.columns.length;
  for (let i = 0; i < read.rows; i++) {
    const row: RowValue[] = new Array(width);
    for (let c = 0; c < width; c++) row[c] = (read.columns[c] as RowValue[])[i] ?? null;
    out[i] = row;
  }
  return out;
}

/** A format's whole-file `read`, derived from its columnar `readColumns`. */
export const readRowsWith =
  (readColumns: LakeFormat['readColumns']): LakeFormat['read'] =>
  async (bytes, columns) => {
    const read = await readColumns(bytes, columns);
    return { rows: rowsOf(read), fileColumns: read.fileColumns, metadata: read.metadata };
  };

/** How Glue and Athena read a table stored in a format. */
export interface GlueStorage {
  /** The table's `classification` parameter. */
  readonly classification: string;
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly serdeInfo: {
    readonly serializationLibrary: string;
    readonly parameters?: Readonly<Record<string, string>>;
  };
  /** Table parameters for writers (Athena CTAS / INSERT INTO) that follow the lake's compression. */
  readonly tableParameters: Readonly<Record<string, string>>;
}

/**
 * One storage format of the event tables. The ingest pipeline encodes with it, maintenance reads and
 * re-encodes with it, and the Glue catalog describes it: a new format joins the lake by adding one file
 * to `formats/` and one entry to the registry (`formats/index.ts`).
 */
export interface LakeFormat {
  /** The name configuration uses (`OUTPUT_FORMAT`, the `outputFormat` context key, `--format`). */
  readonly name: string;
  /** Suffix of its files, dot included (`.parquet`). */
  readonly extension: string;
  readonly contentType: string;
  /** Compression options (lowercase, as configuration spells them); empty when the format has one fixed codec. */
  readonly compressions: readonly string[];
  /** Rows (values in column-spec order) → the bytes of one file (the ingest: one file per batch and partition). */
  encode(
    columns: readonly ColumnSpec[],
    rows: readonly RowValues[],
    options?: EncodeOptions,
  ): Uint8Array | Promise<Uint8Array>;
  /** A file written row group by row group (compaction: files up to the target size). */
  writer(columns: readonly ColumnSpec[], options?: EncodeOptions): TableWriter;
  /** The bytes of one file → rows typed by `columns` (any subset of the table's spec, in any order). */
  read(bytes: Uint8Array, columns: readonly ColumnSpec[]): Promise<ReadResult>;
  /** The same, column by column, optionally only rows [start, end). */
  readColumns(bytes: Uint8Array, columns: readonly ColumnSpec[], range?: RowRange): Promise<ColumnsRead>;
  readonly glue: GlueStorage;
  /**
   * The DuckDB table function that scans files of this format (`canvas-lake query`, and the tests' Athena
   * stand-in): `glob` is an SQL string literal, `options` extra named arguments such as hive partitioning.
   */
  duckdbScan(glob: string, columns: readonly ColumnSpec[], options: string): string;
}
