import { describe, expect, it } from 'vitest';
import { measureCompactionSpeed } from '../../../bench/traffic/compaction-speed.js';
import {
  CountingSink,
  measureBatches,
  measureMixShape,
  sqsRecordFor,
} from '../../../bench/traffic/measure.js';
import { toInboundMessage } from '../../../lambda/ingest-handler.js';

const canvasBody = JSON.stringify({
  metadata: { event_name: 'logged_in', event_time: '2026-10-06T12:00:00.000Z' },
  body: { redirect_url: null },
});

describe('SQS records as Lambda delivers them', () => {
  it('carries the body, the SQS attributes and Canvas’s event_name and event_time attributes', () => {
    const record = sqsRecordFor(canvasBody, 7, 1_790_000_000_000);
    expect(record.body).toBe(canvasBody);
    expect(record.receiptHandle).toHaveLength(352);
    expect(record.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(record.attributes.SentTimestamp).toBe('1790000000000');
    expect(record.messageAttributes.event_name?.stringValue).toBe('logged_in');
    // The handler's own conversion reads them back.
    expect(toInboundMessage(record)).toMatchObject({
      messageId: record.messageId,
      body: canvasBody,
      attributes: { event_name: 'logged_in', event_time: '2026-10-06T12:00:00.000Z' },
      sentAt: 1_790_000_000_000,
      receiveCount: 1,
    });
  });

  it('adds no message attributes to a Caliper envelope', () => {
    const record = sqsRecordFor('{"sensor":"x","data":[]}', 0, 0);
    expect(record.messageAttributes).toEqual({});
  });

  it('measures the mix: record and message bytes, 64 KB chunks, Firehose’s 5 KB rounding', () => {
    const big = JSON.stringify({ metadata: {}, body: { text: 'x'.repeat(6000) } });
    const shape = measureMixShape([canvasBody, big], 5120);
    expect(shape.jsonBytesPerEvent).toBe((Buffer.byteLength(canvasBody) + Buffer.byteLength(big)) / 2);
    // 5 KB for the small event, 10 KB for the 6 KB one.
    expect(shape.firehoseBilledBytesPerEvent).toBe((5120 + 10_240) / 2);
    expect(shape.sendChunksPerMessage).toBe(1);
    const record = JSON.stringify(sqsRecordFor(canvasBody, 0, 1_790_000_000_000));
    expect(shape.recordBytes).toBeGreaterThan(Buffer.byteLength(record));
    // Canvas's attributes count towards the billed message size.
    expect(shape.messageBytes).toBeGreaterThan(shape.jsonBytesPerEvent);
  });
});

describe('the counting sink', () => {
  it('counts every PUT by kind and table', async () => {
    const sink = new CountingSink(true);
    const body = new Uint8Array(3);
    await sink.put('tables/asset_accessed/dt=2026-10-06/a.parquet', body);
    await sink.put('raw/dt=2026-10-06/b.ndjson.gz', body);
    await sink.put('quarantine/dt=2026-10-06/c.ndjson.gz', body);
    await sink.put('costs/dt=2026-10-06/d.json', body);
    expect(sink.puts.map((p) => [p.kind, p.table ?? null])).toEqual([
      ['table', 'asset_accessed'],
      ['raw', null],
      ['quarantine', null],
      ['cost', null],
    ]);
    expect(sink.kept).toHaveLength(1);
    await expect(sink.put('elsewhere/x', body)).rejects.toThrow(/unexpected lake key/);
  });
});

describe('measuring batches through the pipeline', () => {
  it('averages what one batch of each size writes', async () => {
    const measured = await measureBatches({
      sizes: [1, 40],
      messagesPerSize: 80,
      minBatches: 2,
      maxBatches: 4,
      repeats: 2,
      repeatFrom: 40,
      seed: 5,
      start: Date.UTC(2026, 9, 6, 12),
      spanSeconds: 300,
      keepTablesAtSize: 40,
    });
    expect(measured.batches).toBe(4 + 2);
    expect(measured.messages).toBe(4 + 80);
    const [one, forty] = measured.samples;
    // Every invocation writes one raw archive and one cost record.
    expect(one).toMatchObject({ messages: 1, batchesMeasured: 4, rawFiles: 1, costFiles: 1 });
    expect(forty).toMatchObject({ messages: 40, batchesMeasured: 2, rawFiles: 1, costFiles: 1 });
    // Forty events of the mix touch more tables than one; rows per table add up to the batch's rows.
    const files = (s: typeof one) => Object.values(s?.tables ?? {}).reduce((n, t) => n + t.files, 0);
    expect(files(forty)).toBeGreaterThan(files(one));
    const rows = Object.values(forty?.tables ?? {}).reduce((n, t) => n + t.rows, 0);
    expect(rows).toBe(forty?.rows);

    // The kept table files of the 40-message batches compact into one file per table.
    const speed = await measureCompactionSpeed(measured.kept);
    expect(speed.files).toBe(measured.kept.length);
    expect(speed.rows).toBe(rows * 2);
    expect(speed.outputBytesRatio).toBeGreaterThan(0);
  });
});
