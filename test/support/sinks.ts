import type { Sink } from '../../lambda/lake/sink.js';
import type { LakeStore, StoredObject } from '../../lambda/lake/store.js';

/** Keeps written objects in memory. */
export class MemorySink implements Sink {
  readonly objects = new Map<string, Uint8Array>();
  readonly puts: string[] = [];

  locate(key: string): string {
    return `memory://${key}`;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    this.puts.push(key);
    this.objects.set(key, body);
  }

  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

/** Wraps a sink and fails the PUTs whose key matches, as S3 does when a prefix is denied or throttled. */
export class FaultySink implements Sink {
  readonly failed: string[] = [];

  constructor(
    private readonly inner: Sink,
    private readonly fails: (key: string) => boolean,
  ) {}

  locate(key: string): string {
    return this.inner.locate(key);
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    if (this.fails(key)) {
      this.failed.push(key);
      const error = new Error(`Access Denied writing ${key}`);
      error.name = 'AccessDenied';
      throw error;
    }
    await this.inner.put(key, body, contentType);
  }
}

/** The error a CrashingStore throws: the process "died" at that point. */
export class Crash extends Error {
  override readonly name = 'Crash';
}

/**
 * Wraps a store and "crashes" (throws) on the (n+1)-th write or deleted key, and on every one after: what a
 * function killed mid-run leaves behind. Reads and listings keep working.
 */
export class CrashingStore implements LakeStore {
  /** Writes and deleted keys so far (a store that never crashes counts the steps of a run). */
  writes = 0;

  constructor(
    private readonly inner: LakeStore,
    private readonly after: number,
  ) {}

  locate(key: string): string {
    return this.inner.locate(key);
  }

  list(prefix: string): AsyncIterable<readonly StoredObject[]> {
    return this.inner.list(prefix);
  }

  get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    if (this.writes++ >= this.after) throw new Crash(`crashed before writing ${key}`);
    await this.inner.put(key, body, contentType);
  }

  /** Deletes one key at a time, so that a crash can fall between two deletes of one request. */
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      if (this.writes++ >= this.after) throw new Crash(`crashed before deleting ${key}`);
      await this.inner.delete([key]);
    }
  }
}
