import type { Sink } from './sink.js';

/** One object of a listing. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
}

/**
 * What lake maintenance needs beyond a sink: list, read and delete. The ingest path only ever writes (a
 * `Sink`); compaction and replay read what is there, write its replacement, then delete what they read.
 * Implemented for a local folder (`LocalStore`) and S3 (`S3Store`), laid out identically.
 */
export interface LakeStore extends Sink {
  /** Every object whose key starts with `prefix`, in key order, a page (≤ 1,000 keys, one LIST request) at a time. */
  list(prefix: string): AsyncIterable<readonly StoredObject[]>;
  /** The bytes of one object; rejects when it does not exist. */
  get(key: string): Promise<Uint8Array>;
  /** Deletes objects, up to 1,000 per request; a missing key is not an error. */
  delete(keys: readonly string[]): Promise<void>;
}

/** Requests made through a store, for cost records (S3 bills PUT/LIST and GET per request; DELETE is free). */
export interface RequestCounts {
  gets: number;
  puts: number;
  lists: number;
  deletes: number;
  bytesRead: number;
  bytesWritten: number;
}

export const noRequests = (): RequestCounts => ({
  gets: 0,
  puts: 0,
  lists: 0,
  deletes: 0,
  bytesRead: 0,
  bytesWritten: 0,
});

export class ForbiddenDeleteError extends Error {
  override readonly name = 'ForbiddenDeleteError';
}

/**
 * The store a maintenance run works through. It counts every request, and it refuses to delete a key that
 * this run did not list or read itself: maintenance can only ever remove objects it has seen, never guess
 * a name (and so never delete what a concurrent ingest wrote after the listing).
 */
export class MaintenanceStore implements LakeStore {
  readonly counts: RequestCounts = noRequests();
  private readonly seen = new Set<string>();

  constructor(readonly inner: LakeStore) {}

  locate(key: string): string {
    return this.inner.locate(key);
  }

  async *list(prefix: string): AsyncIterable<readonly StoredObject[]> {
    for await (const page of this.inner.list(prefix)) {
      this.counts.lists++;
      for (const object of page) this.seen.add(object.key);
      yield page;
    }
  }

  /** Every object under a prefix, all pages. */
  async listAll(prefix: string): Promise<StoredObject[]> {
    const all: StoredObject[] = [];
    for await (const page of this.list(prefix)) all.push(...page);
    return all;
  }

  async get(key: string): Promise<Uint8Array> {
    this.counts.gets++;
    const body = await this.inner.get(key);
    this.seen.add(key);
    this.counts.bytesRead += body.byteLength;
    return body;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    this.counts.puts++;
    await this.inner.put(key, body, contentType);
    this.counts.bytesWritten += body.byteLength;
  }

  async delete(keys: readonly string[]): Promise<void> {
    const unseen = keys.filter((k) => !this.seen.has(k));
    if (unseen.length > 0) {
      throw new ForbiddenDeleteError(
        `refusing to delete ${unseen.length} object(s) this run did not list or read: ${unseen.slice(0, 3).join(', ')}`,
      );
    }
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      this.counts.deletes++;
      await this.inner.delete(chunk);
    }
  }
}
