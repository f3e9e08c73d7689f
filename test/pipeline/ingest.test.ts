import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../lambda/contract/decode.js';
import { type InboundMessage, ingestBatch } from '../../lambda/pipeline/ingest.js';
import { catalogMessages, enrollmentMessage } from '../support/messages.js';
import { FaultySink, MemorySink } from '../support/sinks.js';

const now = Date.UTC(2026, 10, 23, 12, 0, 0);
const config = { prefix: 'lake', format: 'parquet' as const };
const lines = (bytes: Uint8Array | undefined) =>
  gunzipSync(bytes ?? new Uint8Array())
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('ingestBatch', () => {
  it('writes one file per (table, dt), the raw archive and the quarantine file', async () => {
    const sink = new MemorySink();
    const messages = [...catalogMessages(), { messageId: 'bad-1', body: 'not json' }];
    const result = await ingestBatch(messages, sink, config, now);
    expect(result.failedMessageIds).toEqual([]);
    expect(result.stats).toMatchObject({ messages: messages.length, quarantined: 1, failedMessages: 0 });
    expect(sink.keys('lake/raw/')).toEqual([
      expect.stringMatching(/^lake\/raw\/dt=2026-11-23\/[0-9a-f]{32}\.ndjson\.gz$/),
    ]);
    expect(sink.keys('lake/quarantine/')).toHaveLength(1);
    const tableKeys = sink.keys('lake/tables/');
    expect(tableKeys).toContain(
      tableKeys.find((k) =>
        /^lake\/tables\/enrollment_created\/dt=2018-10-09\/[0-9a-f]{32}\.parquet$/.test(k),
      ),
    );
    const groups = new Set(tableKeys.map((k) => k.split('/').slice(0, 4).join('/')));
    expect(groups.size).toBe(tableKeys.length);
    expect(result.stats.puts).toBe(tableKeys.length + 2);
  });

  it('archives every body verbatim with its message id and attributes', async () => {
    const sink = new MemorySink();
    const odd = {
      messageId: 'm-odd',
      body: '  {"metadata":  {}} ',
      attributes: { event_name: 'x' },
      sentAt: now - 5000,
      receiveCount: 2,
    };
    await ingestBatch([odd], sink, config, now);
    const [record] = lines(sink.objects.get(sink.keys('lake/raw/')[0] ?? ''));
    expect(record).toEqual({
      message_id: 'm-odd',
      ingested_at: '2026-11-23 12:00:00.000',
      sent_at: '2026-11-23 11:59:55.000',
      receive_count: 2,
      message_attributes: '{"event_name":"x"}',
      body: '  {"metadata":  {}} ',
    });
  });

  it('writes quarantine records with reason, details, message id and original body', async () => {
    const sink = new MemorySink();
    await ingestBatch([{ messageId: 'q-1', body: '{"foo":1}' }], sink, config, now);
    const [record] = lines(sink.objects.get(sink.keys('lake/quarantine/')[0] ?? ''));
    expect(record).toMatchObject({
      message_id: 'q-1',
      reason: 'unknown_format',
      original: '{"foo":1}',
      event_index: null,
    });
    expect(record?.details).toEqual(expect.stringContaining('foo'));
  });

  it('reports only the messages of a partition whose write failed', async () => {
    const sink = new FaultySink(new MemorySink(), (key) => key.includes('/enrollment_created/'));
    const messages = catalogMessages();
    const result = await ingestBatch(messages, sink, config, now);
    const expected = messages
      .filter((m) => m.messageId.endsWith('-enrollment_created'))
      .map((m) => m.messageId);
    expect(expected).toHaveLength(2);
    expect([...result.failedMessageIds].sort()).toEqual(expected.sort());
    expect(result.stats.tableRows.enrollment_created).toBeUndefined();
    // Canvas and Caliper twins of the same enrollment share one (table, dt) file.
    expect(result.files.filter((f) => !f.ok).map((f) => [f.table, f.records, f.error])).toEqual([
      ['enrollment_created', 2, expect.stringContaining('AccessDenied')],
    ]);
  });

  it('reports every message when the raw archive cannot be written', async () => {
    const sink = new FaultySink(new MemorySink(), (key) => key.includes('/raw/'));
    const messages = catalogMessages().slice(0, 5);
    const result = await ingestBatch(messages, sink, config, now);
    expect([...result.failedMessageIds].sort()).toEqual(messages.map((m) => m.messageId).sort());
  });

  it('writes a duplicate delivery once and counts it', async () => {
    const sink = new MemorySink();
    const result = await ingestBatch([enrollmentMessage('a'), enrollmentMessage('b')], sink, config, now);
    expect(result.stats).toMatchObject({ events: 2, rows: 1, duplicates: 1 });
    expect(result.failedMessageIds).toEqual([]);
  });

  it('names files after their content, so a retried batch overwrites its own files', async () => {
    const first = new MemorySink();
    const second = new MemorySink();
    const messages = catalogMessages().slice(0, 20);
    await ingestBatch(messages, first, config, now);
    await ingestBatch([...messages].reverse(), second, config, now + 60_000);
    expect(second.keys()).toEqual(first.keys());
  });

  it('writes gzip NDJSON tables when the format is json', async () => {
    const sink = new MemorySink();
    await ingestBatch([enrollmentMessage('a')], sink, { ...config, format: 'json' }, now);
    const [key] = sink.keys('lake/tables/');
    expect(key).toMatch(/enrollment_created\/dt=2018-10-09\/[0-9a-f]{32}\.json\.gz$/);
    const [row] = lines(sink.objects.get(key ?? ''));
    expect(row).toMatchObject({
      enrollment_id: '21070000000046825',
      event_time: '2018-10-09 21:07:33.000',
      created_via: 'api_integration',
    });
  });

  it('applies the configured integration names', async () => {
    const sink = new MemorySink();
    await ingestBatch(
      [enrollmentMessage('a')],
      sink,
      { ...config, format: 'json', integrations: { '170000000056': 'Registrar sync' } },
      now,
    );
    const [row] = lines(sink.objects.get(sink.keys('lake/tables/')[0] ?? ''));
    expect(row?.integration_name).toBe('Registrar sync');
  });

  it('conserves messages: each one has its raw copy and rows or quarantine records stored, or is reported for retry', async () => {
    const pool = [...catalogMessages(), { messageId: 'junk', body: '[' }, { messageId: 'empty', body: '' }];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 40 }),
        fc.array(
          fc.constantFrom('enrollment', 'asset_accessed', 'raw', 'quarantine', 'dt=2019-11-01', 'submission'),
          { maxLength: 3 },
        ),
        async (picks, failing) => {
          const messages: InboundMessage[] = picks.map((i) => pool[i] as InboundMessage);
          const memory = new MemorySink();
          const sink = new FaultySink(memory, (key) => failing.some((f) => key.includes(f)));
          const result = await ingestBatch(messages, sink, { ...config, format: 'json' }, now);
          const failed = new Set(result.failedMessageIds);

          const stored = (folder: string) =>
            memory.keys(`lake/${folder}`).flatMap((k) => lines(memory.objects.get(k)));
          const rawIds = new Set(stored('raw/').map((r) => r.message_id));
          const quarantinedIds = new Set(stored('quarantine/').map((r) => r.message_id));
          const eventIds = new Set(stored('tables/').map((r) => r.event_id));

          let done = 0;
          for (const m of messages) {
            if (failed.has(m.messageId)) continue;
            done++;
            expect(rawIds.has(m.messageId)).toBe(true);
            const decoded = decodeMessage(m.body, m.attributes, { ingestedAt: now });
            for (const row of decoded.rows) expect(eventIds.has(row.eventId)).toBe(true);
            if (decoded.quarantined.length > 0) expect(quarantinedIds.has(m.messageId)).toBe(true);
          }
          expect(done + failed.size).toBe(messages.length);
          if (sink.failed.length === 0) expect(failed.size).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
