import { LAKE_PREFIXES } from './layout.js';
import type { Sink } from './sink.js';

/**
 * The lake folders that hold whole messages (tokens in URLs, names, emails, IPs): on AWS they live in the
 * restricted bucket, with its own KMS key, Glue database and Athena workgroup, out of the analysts' reach.
 */
export const RESTRICTED_FOLDERS: readonly string[] = [LAKE_PREFIXES.raw, LAKE_PREFIXES.quarantine];

/**
 * One sink over two: keys under the restricted folders (`<prefix>/raw/`, `<prefix>/quarantine/`) go to the
 * restricted sink, every other key (tables, costs) to the lake sink. Keys are not changed, so the layout is
 * the same as in one folder; only the bucket differs.
 */
export class RoutedSink implements Sink {
  private readonly restrictedKeyPrefixes: readonly string[];

  constructor(
    prefix: string,
    private readonly lake: Sink,
    private readonly restricted: Sink,
  ) {
    const base = prefix.replace(/^\/+|\/+$/g, '');
    this.restrictedKeyPrefixes = RESTRICTED_FOLDERS.map((folder) =>
      base === '' ? `${folder}/` : `${base}/${folder}/`,
    );
  }

  /** The sink a key belongs to. */
  sinkFor(key: string): Sink {
    return this.restrictedKeyPrefixes.some((p) => key.startsWith(p)) ? this.restricted : this.lake;
  }

  locate(key: string): string {
    return this.sinkFor(key).locate(key);
  }

  put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    return this.sinkFor(key).put(key, body, contentType);
  }
}
