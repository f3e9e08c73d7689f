import type { ColumnSpec } from '../../contract/columns.js';
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
  /** Rows (values in column-spec order) → the bytes of one file. */
  encode(columns: readonly ColumnSpec[], rows: readonly RowValues[], options?: EncodeOptions): Uint8Array | Promise<Uint8Array>;
  /** The bytes of one file → rows typed by `columns` (any subset of the table's spec, in any order). */
  read(bytes: Uint8Array, columns: readonly ColumnSpec[]): Promise<ReadResult>;
  readonly glue: GlueStorage;
}
