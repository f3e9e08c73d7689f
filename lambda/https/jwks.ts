import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';

/**
 * Instructure's public key set for signed Live Events (HTTPS delivery). The setup guide links this one URL for
 * both beta and production keys; it lists the previous, current and next key, rotated monthly
 * (canvas-lms `doc/api/data_services/md/static/data_service_setup.md`).
 */
export const INSTRUCTURE_JWKS_URL = 'https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks';

/** Where a key set comes from: a URL or a file. `load` rejects when no valid set could be read. */
export interface JwksSource {
  readonly describe: string;
  load(): Promise<JSONWebKeySet>;
}

/** The key set could not be read and no earlier copy is held: the sender should retry later (503). */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
}

/** The token names a key the key set does not hold, even after a refetch. */
export class UnknownKidError extends Error {
  override readonly name = 'UnknownKidError';
}

function asKeySet(value: unknown, from: string): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || value === null || !Array.isArray(keys)) {
    throw new Error(`${from} is not a JSON Web Key Set ({"keys": [...]})`);
  }
  return value as JSONWebKeySet;
}

/** A key set read from a URL, with a timeout, no redirects and a size limit (a key set is a few KB). */
export function urlJwksSource(
  url: string,
  options: { timeoutMs?: number; maxBytes?: number; fetch?: typeof fetch } = {},
): JwksSource {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const get = options.fetch ?? fetch;
  return {
    describe: url,
    async load() {
      const response = await get(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) throw new Error(`${url} sent ${declared} bytes (limit ${maxBytes})`);
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength > maxBytes) throw new Error(`${url} sent more than ${maxBytes} bytes`);
      return asKeySet(JSON.parse(new TextDecoder().decode(bytes)), url);
    },
  };
}

/** A key set read from a file (read again when a token names a key it lacks, so a rotated file is picked up). */
export function fileJwksSource(path: string): JwksSource {
  return {
    describe: path,
    async load() {
      return asKeySet(JSON.parse(await readFile(path, 'utf8')), path);
    },
  };
}

/** `--jwks` / `JWKS_URL`: a URL (https, or http on a loopback address for tests) or a file path. */
export function jwksSourceFor(location: string): JwksSource {
  if (/^https?:\/\//i.test(location)) return urlJwksSource(location);
  return fileJwksSource(location);
}

export interface JwksCacheOptions {
  /** Age after which the set is fetched again (keys rotate monthly; the next key is published in advance). */
  readonly maxAgeMs?: number;
  /** Minimum time between two fetches, whatever the reason: an unknown kid cannot make us hammer the source. */
  readonly cooldownMs?: number;
  /** Wall clock, injectable for tests. */
  readonly now?: () => number;
  /** Told about every fetch that failed (the receiver logs it; the error names the source, never a token). */
  readonly onFetchError?: (error: unknown) => void;
}

interface Loaded {
  readonly resolve: ReturnType<typeof createLocalJWKSet>;
  readonly kids: ReadonlySet<string>;
  readonly loadedAt: number;
}

/**
 * The verification keys, cached. A token whose `kid` is not in the cached set triggers a refetch (keys
 * rotate), but at most one fetch per cooldown, shared by every request waiting for it; a failed fetch keeps
 * the previous set. Key selection (kid, alg, use, key_ops, public keys only) is jose's `createLocalJWKSet`.
 */
export class JwksCache {
  private loaded: Loaded | null = null;
  private inflight: Promise<void> | null = null;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  /** Fetches attempted and failed (tests and logs). */
  readonly stats = { fetches: 0, failures: 0 };

  constructor(
    readonly source: JwksSource,
    private readonly options: JwksCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 3_600_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The public key for a token's protected header; the resolver handed to jose's `jwtVerify`. */
  readonly keyFor = async (header: JWSHeaderParameters) => {
    const kid = header.kid;
    if (typeof kid !== 'string' || kid === '') throw new UnknownKidError('the token has no kid');
    const stale = this.loaded === null || this.now() - this.loaded.loadedAt >= this.maxAgeMs;
    if (stale || !this.loaded?.kids.has(kid)) await this.refresh();
    const loaded = this.loaded as Loaded | null;
    if (loaded === null)
      throw new JwksUnavailableError(`no key set could be read from ${this.source.describe}`);
    if (!loaded.kids.has(kid)) throw new UnknownKidError(`kid ${JSON.stringify(kid)} is not in the key set`);
    return loaded.resolve(header);
  };

  /** Fetches the set unless a fetch ran within the cooldown; concurrent callers share one fetch. */
  private async refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.now() - this.lastAttemptAt < this.cooldownMs) return;
    this.lastAttemptAt = this.now();
    this.stats.fetches++;
    this.inflight = (async () => {
      try {
        const set = await this.source.load();
        const kids = new Set(
          set.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string' && k !== ''),
        );
        this.loaded = { resolve: createLocalJWKSet(set), kids, loadedAt: this.now() };
      } catch (error) {
        this.stats.failures++;
        this.options.onFetchError?.(error);
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
