import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type ServeOptions, serveOptionsFrom, startServe } from '../../cli/serve.js';
import { examplesOf } from '../support/catalog.js';
import { duck, sqlPath } from '../support/duckdb.js';
import {
  canvasEventText,
  type JwksServer,
  makeKey,
  sign,
  startJwksServer,
  type TestKey,
} from '../support/jwks.js';

const work = mkdtempSync(join(tmpdir(), 'cli-serve-'));
let key: TestKey;
let jwks: JwksServer;

beforeAll(async () => {
  key = await makeKey('serve-1');
  jwks = await startJwksServer([key.publicJwk]);
});
afterAll(async () => {
  await jwks.close();
  rmSync(work, { recursive: true, force: true });
});

/** Collects what the server draws as its live count. */
function statusSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

async function serve(name: string, options: Partial<ServeOptions> = {}) {
  const status = statusSink();
  const lake = join(work, name);
  const running = await startServe({
    lake,
    port: 0,
    host: '127.0.0.1',
    jwks: jwks.url,
    format: 'parquet',
    batchSize: 1000,
    flushMs: 50,
    status: status.stream,
    ...options,
  });
  return { running, lake, lines: status.lines };
}

const post = (running: RunningServer, body: string) =>
  fetch(running.url, { method: 'POST', body, headers: { 'content-type': 'application/jwt' } });

function files(dir: string, suffix: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(suffix));
  } catch {
    return [];
  }
}

describe('canvas-lake serve', () => {
  it('takes 1,000 concurrent signed deliveries, answers each, and writes them in a few batches', async () => {
    const { running, lake, lines } = await serve('concurrent', { batchSize: 250, flushMs: 200 });
    try {
      const canvas = await Promise.all(
        Array.from({ length: 990 }, (_, i) => sign(canvasEventText({ requestId: `r-${i}` }), key)),
      );
      const caliper = await Promise.all(
        examplesOf('caliper')
          .slice(0, 10)
          .map((e) => sign(e.payload, key)),
      );
      const [h, , s] = (canvas[0] as string).split('.');
      const tampered = `${h}.${Buffer.from(canvasEventText({ requestId: 'forged' })).toString('base64url')}.${s}`;

      const responses = await Promise.all(
        [...canvas, ...caliper, tampered].map(async (body) => (await post(running, body)).status),
      );
      expect(responses.filter((s) => s === 200)).toHaveLength(1000);
      expect(responses.at(-1)).toBe(401);
      expect(running.counts).toMatchObject({ accepted: 1000, rejected: 1, byOutcome: { unauthorized: 1 } });

      const counts = await running.close();
      // Every accepted event is a row (the Caliper examples are of several types) and nothing is lost.
      expect(counts.rows + counts.quarantined).toBe(1000);
      expect(counts.quarantined).toBe(0);
      const [enrollments] = await duck(
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids, min(enrollment_id) AS id
         FROM read_parquet(${sqlPath(`${lake}/tables/enrollment_created/*/*.parquet`)})
         WHERE source_format = 'canvas'`,
      );
      expect(enrollments).toEqual({ n: 990n, ids: 990n, id: '21070000000001005' });
      // Batched: a file per (table, day) per batch, not one per event.
      const parquet = files(join(lake, 'tables', 'enrollment_created', 'dt=2026-09-01'), '.parquet');
      expect(parquet.length).toBeGreaterThanOrEqual(4);
      expect(parquet.length).toBeLessThanOrEqual(counts.batches);
      expect(files(join(lake, 'raw'), '.ndjson.gz')).toHaveLength(counts.batches);
      expect(lines.at(-1)).toContain('accepted 1000 · rejected 1 (unauthorized 1)');
      expect(lines).toContain('refused a delivery: unauthorized (bad_signature); further ones are counted');
    } finally {
      await running.close();
    }
  });

  it('answers 200 only once the event is on disk', async () => {
    const { running, lake } = await serve('durable');
    try {
      const response = await post(running, await sign(canvasEventText(), key));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
      // No close, no wait: the file is already there.
      expect(files(join(lake, 'tables', 'enrollment_created'), '.parquet')).toHaveLength(1);
      expect(files(join(lake, 'raw'), '.ndjson.gz')).toHaveLength(1);
    } finally {
      await running.close();
    }
  });

  it('writes the events still waiting for their batch when it is stopped', async () => {
    const { running, lake } = await serve('shutdown', { flushMs: 10_000 });
    const pending = post(running, await sign(canvasEventText(), key));
    for (;;) {
      const health = (await (await fetch(`${running.url}health`)).json()) as { pending: number };
      if (health.pending === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(files(join(lake, 'tables'), '.parquet')).toEqual([]);
    const counts = await running.close();
    expect((await pending).status).toBe(200);
    expect(counts).toMatchObject({ accepted: 1, rows: 1, batches: 1 });
    expect(files(join(lake, 'tables', 'enrollment_created'), '.parquet')).toHaveLength(1);
  });

  it('accepts a new kid after the key set rotates', async () => {
    const { running } = await serve('rotation', { jwksCooldownMs: 0 });
    const next = await makeKey('serve-2');
    try {
      expect((await post(running, await sign(canvasEventText(), key))).status).toBe(200);
      jwks.keys = [key.publicJwk, next.publicJwk];
      expect((await post(running, await sign(canvasEventText({ requestId: 'rotated' }), next))).status).toBe(
        200,
      );
    } finally {
      jwks.keys = [key.publicJwk];
      await running.close();
    }
  });

  it('refuses a 2 MB body with 413, an expired token, an unsigned event and other paths', async () => {
    const { running, lake } = await serve('refusals');
    try {
      const big = await post(running, 'x'.repeat(2 * 1024 * 1024));
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ ok: false, error: 'too_large', reason: 'body_too_large' });
      const expired = await sign(`{"exp":1000000000,${canvasEventText().slice(1)}`, key);
      expect(await (await post(running, expired)).json()).toMatchObject({ reason: 'expired' });
      expect((await post(running, canvasEventText())).status).toBe(401);
      expect((await fetch(running.url)).status).toBe(405);
      expect((await fetch(`${running.url}other`, { method: 'POST', body: 'x' })).status).toBe(404);
      // The server still works after all that.
      expect((await post(running, await sign(canvasEventText(), key))).status).toBe(200);
      expect(running.counts).toMatchObject({
        accepted: 1,
        rejected: 4,
        byOutcome: { too_large: 1, unauthorized: 2, bad_request: 1 },
      });
    } finally {
      await running.close();
    }
    expect(files(join(lake, 'quarantine'), '.gz')).toEqual([]);
  });

  it('runs as a command: prints where it listens, counts, and exits 0 on Ctrl-C after writing', async () => {
    const lake = join(work, 'command');
    const bin = fileURLToPath(new URL('../../bin/canvas-lake.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'serve', '--lake', lake, '--port', '0', '--jwks', jwks.url], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const url = await new Promise<string>((found, fail) => {
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match) found(match[1] as string);
      });
      child.on('exit', () => fail(new Error(`serve exited early: ${stderr}`)));
    });
    const response = await fetch(url, { method: 'POST', body: await sign(canvasEventText(), key) });
    expect(response.status).toBe(200);
    expect((await fetch(url, { method: 'POST', body: 'nonsense' })).status).toBe(401);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain(`keys  ${jwks.url}`);
    expect(stdout).toContain('a 200 answer means the batch holding the event is written and flushed to disk');
    expect(stderr).toContain('refused a delivery: unauthorized (malformed); further ones are counted');
    expect(stderr.trim().split('\n').at(-1)).toBe(
      'accepted 1 · rejected 1 (unauthorized 1) · written 1 row, 0 quarantined, in 1 batch',
    );
    expect(files(join(lake, 'tables', 'enrollment_created'), '.parquet')).toHaveLength(1);
  });

  it('checks its options', () => {
    expect(() => serveOptionsFrom([])).toThrow('missing --lake');
    expect(() => serveOptionsFrom(['--lake', 'x', '--port', '70000'])).toThrow('--port');
    expect(() => serveOptionsFrom(['--lake', 'x', '--flush-seconds', '20'])).toThrow('15 s');
    expect(() => serveOptionsFrom(['--lake', 'x', '--jwks', 'http://example.com/jwks'])).toThrow('--jwks');
    expect(() => serveOptionsFrom(['--lake', 'x', '--jwks', join(work, 'missing.json')])).toThrow('--jwks');
    expect(serveOptionsFrom(['--lake', 'x'])).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      jwks: 'https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks',
      batchSize: 1000,
      flushMs: 2000,
    });
    expect(serveOptionsFrom(['--help'])).toBe('help');
  });
});
