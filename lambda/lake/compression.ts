import * as zlib from 'node:zlib';
import type { ParquetCodec, ParquetOptions } from './parquet.js';

type ZstdCompress = (input: Uint8Array) => Uint8Array;

/** Node's built-in Zstandard (Node ≥ 22.15 and 23.8; every Lambda Node runtime this project deploys). */
function builtInZstd(): ZstdCompress | null {
  const compress = (zlib as unknown as { zstdCompressSync?: (input: Uint8Array) => Buffer }).zstdCompressSync;
  return typeof compress === 'function' ? (input) => new Uint8Array(compress(input)) : null;
}

/**
 * Parquet options for a codec. Snappy is built into hyparquet-writer; ZSTD uses Node's zlib, and asking
 * for it on a Node without it is a configuration error, reported up front rather than at the first write.
 */
export function parquetOptionsFor(codec: ParquetCodec): ParquetOptions {
  if (codec !== 'ZSTD') return { codec };
  const zstd = builtInZstd();
  if (zstd === null) {
    throw new Error(
      `Parquet ZSTD compression needs Node.js >= 22.15 (zlib.zstdCompressSync); this is ${process.version}. Use SNAPPY or a newer Node.`,
    );
  }
  return { codec, compressors: { ZSTD: zstd } };
}
