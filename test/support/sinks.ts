import type { Sink } from '../../lambda/lake/sink.js';

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
