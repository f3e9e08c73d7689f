import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { isKeySetUrl } from '../lambda/https/config.js';
import { INSTRUCTURE_JWKS_URL, JwksCache, jwksSourceFor } from '../lambda/https/jwks.js';
import {
  answer,
  MAX_BODY_BYTES,
  type OutboundMessage,
  type Outcome,
  receiveDelivery,
} from '../lambda/https/receive.js';
import { verifyLiveEvent } from '../lambda/https/verify.js';
import type { OutputFormat } from '../lambda/lake/formats/index.js';
import { contentId } from '../lambda/lake/layout.js';
import { LocalSink } from '../lambda/lake/local-sink.js';
import type { InboundMessage } from '../lambda/pipeline/ingest.js';
import { runInvocation } from '../lambda/pipeline/invocation.js';
import { parseCliArgs } from './args.js';
import { CliError } from './errors.js';
import { DEMO_MARKER } from './ingest.js';

export const SERVE_USAGE = `Usage: canvas-lake serve --lake <dir> [--port 8080] [--host 127.0.0.1] [--jwks <file-or-url>]
                         [--issuer <iss>] [--format parquet|json] [--batch-size 1000] [--flush-seconds 2]

Receives Live Events over HTTP(S) as Canvas's HTTPS delivery sends them: POST / with a body that is a compact
JWS (RS256) whose payload is one event, Canvas or Caliper format. Each token is verified against the key set
(--jwks: a URL or a JSON file; default Instructure's), then the event goes through the same pipeline as
\`canvas-lake ingest\` into the local lake. Events are written in batches (every --batch-size events or
--flush-seconds seconds); a delivery is answered 200 only once the batch holding it is written and flushed to
disk. Canvas only posts to https:// URLs: put a TLS reverse proxy in front of this server.`;

/** Largest body drained (and discarded) to answer 413 on the same connection; past it the socket is closed. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

export interface ServeOptions {
  readonly lake: string;
  readonly port: number;
  readonly host: string;
  /** A key set URL or file. */
  readonly jwks: string;
  readonly issuers?: readonly string[];
  readonly clockToleranceSeconds?: number;
  readonly format: OutputFormat;
  /** Events per written batch. */
  readonly batchSize: number;
  /** Longest an accepted event waits for its batch to be written. */
  readonly flushMs: number;
  /** Events waiting for a batch beyond which new deliveries get 503 (Canvas retries them). */
  readonly maxPending?: number;
  /** Minimum time between two key set fetches (default 30 s; tests lower it). */
  readonly jwksCooldownMs?: number;
  /** Where the live count is drawn (default stderr). */
  readonly status?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface ServeCounts {
  accepted: number;
  rejected: number;
  /** Refusals by outcome (unauthorized, too_large, bad_request, server_error). */
  byOutcome: Partial<Record<Outcome, number>>;
  batches: number;
  rows: number;
  quarantined: number;
}

export interface RunningServer {
  readonly url: string;
  readonly counts: ServeCounts;
  /** Stops accepting, writes every pending event, and resolves with the final counts. */
  close(): Promise<ServeCounts>;
}

/**
 * A lake folder whose files are flushed to disk before they are renamed into place (and the folder after),
 * so that an answer given after `put` survives a power cut, not only a crash of this process.
 */
export class SyncedLocalSink extends LocalSink {
  override async put(key: string, body: Uint8Array): Promise<void> {
    const path = this.locate(key);
    const folder = dirname(path);
    await mkdir(folder, { recursive: true });
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(body);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    if (process.platform !== 'win32') {
      const dir = await open(folder, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  }
}

interface Waiting {
  readonly message: InboundMessage;
  readonly done: (written: boolean) => void;
}

/**
 * Accepted events waiting to be written: one batch through the pipeline every `batchSize` events or `flushMs`,
 * one batch at a time. `add` resolves once the event's batch is written (true) or failed (false).
 */
class LakeBatcher {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly sink: SyncedLocalSink;

  constructor(
    private readonly options: ServeOptions,
    private readonly onBatch: (stats: { events: number; rows: number; quarantined: number }) => void,
  ) {
    this.sink = new SyncedLocalSink(options.lake);
  }

  get size(): number {
    return this.pending.length;
  }

  add(message: InboundMessage): Promise<boolean> {
    return new Promise<boolean>((done) => {
      this.pending.push({ message, done });
      if (this.pending.length >= this.options.batchSize) this.flushSoon(0);
      else if (this.timer === null) this.flushSoon(this.options.flushMs);
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  /** Writes what is pending, in batches; batches never overlap. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.options.batchSize);
        await this.write(batch);
      }
    });
    return this.writing;
  }

  private async write(batch: Waiting[]): Promise<void> {
    const messages = batch.map((w) => w.message);
    let failed: ReadonlySet<string>;
    try {
      const outcome = await runInvocation(
        messages,
        this.sink,
        { prefix: '', format: this.options.format, integrations: {}, prices: DEFAULT_PRICES },
        {
          requestId: `serve-${contentId(messages.map((m) => m.messageId))}`,
          functionName: 'canvas-lake serve',
          memoryMb: 1024,
          architecture: 'arm64',
          startedAt: Date.now(),
          clock: () => performance.now(),
        },
      );
      failed = new Set(outcome.result.failedMessageIds);
      const { stats } = outcome.result;
      this.onBatch({ events: stats.events, rows: stats.rows, quarantined: stats.quarantined });
    } catch {
      failed = new Set(messages.map((m) => m.messageId));
    }
    for (const w of batch) w.done(!failed.has(w.message.messageId));
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}

/** Reads a request body up to `limit` bytes; longer bodies are drained and reported as too large. */
function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | 'too_large' | 'aborted'> {
  return new Promise((resolveBody) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
      else if (length > DRAIN_LIMIT_BYTES) {
        request.destroy();
        resolveBody('aborted');
      }
    });
    request.on('end', () => resolveBody(length > limit ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', () => resolveBody('aborted'));
  });
}

/** The live count: redrawn in place on a terminal; elsewhere a line per written batch and per new refusal. */
class StatusLine {
  private readonly seen = new Set<string>();

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly counts: ServeCounts,
  ) {}

  private summary(): string {
    const refusals = Object.entries(this.counts.byOutcome)
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(', ');
    const { accepted, rejected, rows, quarantined, batches } = this.counts;
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return `accepted ${accepted} · rejected ${rejected}${refusals ? ` (${refusals})` : ''} · written ${count(rows, 'row', 'rows')}, ${quarantined} quarantined, in ${count(batches, 'batch', 'batches')}`;
  }

  update(event: { kind: 'batch' } | { kind: 'refusal'; outcome: Outcome; reason: string }): void {
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${this.summary()}`);
      return;
    }
    if (event.kind === 'batch') this.stream.write(`${this.summary()}\n`);
    else if (!this.seen.has(event.reason)) {
      this.seen.add(event.reason);
      this.stream.write(`refused a delivery: ${event.outcome} (${event.reason}); further ones are counted\n`);
    }
  }

  done(): void {
    this.stream.write(`${this.stream.isTTY ? '\n' : ''}${this.summary()}\n`);
  }
}

/** Starts the local receiver. The same verifier and pipeline as the Lambda functions; only the sink differs. */
export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const counts: ServeCounts = {
    accepted: 0,
    rejected: 0,
    byOutcome: {},
    batches: 0,
    rows: 0,
    quarantined: 0,
  };
  const status = new StatusLine(options.status ?? process.stderr, counts);
  const keys = new JwksCache(
    jwksSourceFor(options.jwks),
    options.jwksCooldownMs !== undefined ? { cooldownMs: options.jwksCooldownMs } : {},
  );
  const batcher = new LakeBatcher(options, (stats) => {
    counts.batches++;
    counts.rows += stats.rows;
    counts.quarantined += stats.quarantined;
    status.update({ kind: 'batch' });
  });
  const maxPending = options.maxPending ?? options.batchSize * 10;
  const enqueue = async (message: OutboundMessage) => {
    if (batcher.size >= maxPending) throw new Error('too many events waiting to be written');
    const written = await batcher.add({
      messageId: `https-${randomUUID()}`,
      body: message.body,
      ...(Object.keys(message.attributes).length > 0 ? { attributes: message.attributes } : {}),
    });
    if (!written) throw new Error('the batch could not be written');
  };
  const verify = (token: string) =>
    verifyLiveEvent(token, {
      keys,
      ...(options.issuers ? { issuers: options.issuers } : {}),
      clockToleranceSeconds: options.clockToleranceSeconds ?? 60,
    });

  const send = (response: ServerResponse, status: number, body: string) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health') {
      send(response, 200, JSON.stringify({ ok: true, ...counts, pending: batcher.size }));
      return;
    }
    if (path !== '/') {
      request.resume();
      send(response, 404, JSON.stringify({ ok: false, error: 'not_found' }));
      return;
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === 'aborted') return;
    const result =
      body === 'too_large'
        ? answer(413, 'too_large', 'body_too_large')
        : await receiveDelivery({ method: request.method ?? 'GET', body }, { verify, enqueue });
    if (result.outcome === 'accepted') {
      counts.accepted++;
    } else {
      counts.rejected++;
      counts.byOutcome[result.outcome] = (counts.byOutcome[result.outcome] ?? 0) + 1;
      status.update({ kind: 'refusal', outcome: result.outcome, reason: result.reason });
    }
    send(response, result.status, result.body);
  };

  // Real data is going in: a demo marker would let the next demo replace this lake.
  await rm(join(resolve(options.lake), DEMO_MARKER), { force: true });
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, JSON.stringify({ ok: false, error: 'server_error' }));
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', (error) =>
      fail(new CliError(`cannot listen on ${options.host}:${options.port}: ${error.message}`)),
    );
    server.listen(options.port, options.host, ready);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    counts,
    close: async () => {
      // Stop listening, write what is pending (answering the requests that wait for it), then end connections.
      const closed = new Promise<void>((done) => server.close(() => done()));
      await batcher.close();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(grace);
      status.done();
      return counts;
    },
  };
}

function parseOptions(args: string[]) {
  return parseCliArgs({
    args,
    options: {
      lake: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      jwks: { type: 'string', default: INSTRUCTURE_JWKS_URL },
      issuer: { type: 'string', multiple: true },
      format: { type: 'string', default: 'parquet' },
      'batch-size': { type: 'string', default: '1000' },
      'flush-seconds': { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** Checks the command line; throws CliError naming the first bad option. */
export function serveOptionsFrom(args: string[]): ServeOptions | 'help' {
  const { values } = parseOptions(args);
  if (values.help) return 'help';
  if (!values.lake) throw new CliError('missing --lake <dir>');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError('--port must be 0 to 65535');
  if (values.format !== 'parquet' && values.format !== 'json') {
    throw new CliError(`--format must be parquet or json, not '${values.format}'`);
  }
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new CliError('--batch-size must be an integer from 1 to 10000');
  }
  // Canvas waits 15 s for an answer; an event must be written well before that.
  const flushSeconds = Number(values['flush-seconds']);
  if (!Number.isFinite(flushSeconds) || flushSeconds < 0 || flushSeconds > 10) {
    throw new CliError('--flush-seconds must be from 0 to 10 (Canvas gives up on an answer after 15 s)');
  }
  const jwks = values.jwks;
  if (/^[a-z]+:\/\//i.test(jwks) ? !isKeySetUrl(jwks) : !existsSync(jwks)) {
    throw new CliError(`--jwks must be an https URL or an existing JSON file, not '${jwks}'`);
  }
  return {
    lake: resolve(values.lake),
    port,
    host: values.host,
    jwks,
    ...(values.issuer ? { issuers: values.issuer } : {}),
    format: values.format,
    batchSize,
    flushMs: flushSeconds * 1000,
  };
}

export async function serveCommand(args: string[]): Promise<number> {
  const options = serveOptionsFrom(args);
  if (options === 'help') {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const running = await startServe(options);
  process.stdout.write(
    [
      `canvas-lake serve: listening on ${running.url} (POST one signed Live Event per request)`,
      `  keys  ${options.jwks}`,
      `  lake  ${options.lake} (${options.format}; batches of up to ${options.batchSize} events or every ${options.flushMs / 1000} s;`,
      '        a 200 answer means the batch holding the event is written and flushed to disk)',
      '  Ctrl-C stops the server after writing every accepted event.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
