import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import { RESTRICTED_FOLDERS, RoutedSink } from '../../lambda/lake/routed-sink.js';
import { ingestBatch } from '../../lambda/pipeline/ingest.js';
import { catalogMessages } from '../support/messages.js';
import { FaultySink, MemorySink } from '../support/sinks.js';

const bytes = new TextEncoder().encode('x');

function routed(prefix: string) {
  const lake = new MemorySink();
  const restricted = new MemorySink();
  return { lake, restricted, sink: new RoutedSink(prefix, lake, restricted) };
}

describe('RoutedSink', () => {
  it('sends raw/ and quarantine/ to the restricted sink and everything else to the lake sink', async () => {
    const { lake, restricted, sink } = routed('canvas');
    for (const key of [
      'canvas/raw/dt=2026-09-01/a.ndjson.gz',
      'canvas/quarantine/dt=2026-09-01/b.ndjson.gz',
      'canvas/tables/enrollment_created/dt=2026-09-01/c.parquet',
      'canvas/costs/dt=2026-09-01/d.json',
      // look-alikes are not the restricted folders
      'canvas/tables/raw/dt=2026-09-01/e.parquet',
      'canvas/rawish/f',
      'raw/dt=2026-09-01/outside-the-prefix.ndjson.gz',
    ]) {
      await sink.put(key, bytes, 'application/octet-stream');
    }
    expect(restricted.keys()).toEqual([
      'canvas/quarantine/dt=2026-09-01/b.ndjson.gz',
      'canvas/raw/dt=2026-09-01/a.ndjson.gz',
    ]);
    expect(lake.keys()).toHaveLength(5);
    expect(sink.locate('canvas/raw/x')).toBe('memory://canvas/raw/x');
    expect(sink.sinkFor('canvas/raw/x')).toBe(restricted);
    expect(sink.sinkFor('canvas/costs/x')).toBe(lake);
  });

  it.each(['', 'canvas/', '/canvas/', 'lakes/canvas'])('reads the prefix %j as the lake does', (prefix) => {
    const { lake, restricted, sink } = routed(prefix);
    const base = prefix.replace(/^\/+|\/+$/g, '');
    const at = (folder: string) => (base === '' ? `${folder}/x` : `${base}/${folder}/x`);
    for (const folder of Object.values(LAKE_PREFIXES))
      expect(sink.sinkFor(at(folder))).toBe(RESTRICTED_FOLDERS.includes(folder) ? restricted : lake);
  });

  it('puts every key in exactly one sink, unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...Object.values(LAKE_PREFIXES), 'other'), fc.string()), {
          maxLength: 30,
        }),
        async (entries) => {
          const { lake, restricted, sink } = routed('p');
          const keys = [...new Set(entries.map(([folder, rest]) => `p/${folder}/${rest}`))];
          for (const key of keys) await sink.put(key, bytes, 'text/plain');
          expect([...lake.keys(), ...restricted.keys()].sort()).toEqual([...keys].sort());
          for (const key of restricted.keys()) expect(key).toMatch(/^p\/(raw|quarantine)\//);
        },
      ),
    );
  });

  it('carries a batch: whole messages only in the restricted sink, tables only in the lake', async () => {
    const { lake, restricted, sink } = routed('lake');
    const messages = [...catalogMessages(), { messageId: 'bad-1', body: 'not json access_token=abc' }];
    const result = await ingestBatch(
      messages,
      sink,
      { prefix: 'lake', format: 'parquet' },
      Date.UTC(2026, 8, 1),
    );
    expect(result.failedMessageIds).toEqual([]);
    expect(restricted.keys().map((k) => k.split('/')[1])).toEqual(['quarantine', 'raw']);
    expect(new Set(lake.keys().map((k) => k.split('/')[1]))).toEqual(new Set(['tables']));
    expect(lake.keys().join('\n')).not.toMatch(/\/(raw|quarantine)\//);
  });

  it('reports a failed restricted write as the pipeline reports any failed write', async () => {
    const lake = new MemorySink();
    const restricted = new FaultySink(new MemorySink(), (key) => key.includes('/raw/'));
    const sink = new RoutedSink('lake', lake, restricted);
    const messages = catalogMessages().slice(0, 5);
    const result = await ingestBatch(
      messages,
      sink,
      { prefix: 'lake', format: 'parquet' },
      Date.UTC(2026, 8, 1),
    );
    // every message depends on its raw copy: all are retried
    expect([...result.failedMessageIds].sort()).toEqual(messages.map((m) => m.messageId).sort());
    expect(restricted.failed).toHaveLength(1);
  });
});
