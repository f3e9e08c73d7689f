import { afterAll, describe, expect, it, vi } from 'vitest';
import { catalogMessages } from '../support/messages.js';
import { MemorySink } from '../support/sinks.js';

const DECODE = '../../lambda/contract/decode.js';

/** The decoder, with a defect on one event type. */
async function defectiveDecoder() {
  const original = await vi.importActual<typeof import('../../lambda/contract/decode.js')>(DECODE);
  return {
    ...original,
    decodeMessage: (
      body: string,
      ...rest: Parameters<typeof original.decodeMessage> extends [string, ...infer R] ? R : never
    ) => {
      if (body.includes('"event_name":"logged_out"')) throw new TypeError('simulated defect');
      return original.decodeMessage(body, ...rest);
    },
  };
}

// Test files share their worker's modules: the mock must not outlive this file.
afterAll(() => {
  vi.doUnmock(DECODE);
  vi.resetModules();
});

describe('a defect in the decoder', () => {
  it('sends only the affected message back to the queue, and ingests the rest', async () => {
    // The pipeline loaded afresh, over the defective decoder (even if this worker loaded the real one before).
    vi.resetModules();
    vi.doMock(DECODE, defectiveDecoder);
    const { ingestBatch } = await import('../../lambda/pipeline/ingest.js');
    const messages = catalogMessages();
    const victim = messages.find((m) => m.body.includes('"event_name":"logged_out"'));
    const sink = new MemorySink();
    const result = await ingestBatch(messages, sink, { prefix: '', format: 'json' }, Date.UTC(2026, 10, 23));
    expect(result.failedMessageIds).toEqual([victim?.messageId]);
    expect(result.decodeErrors).toEqual([
      { messageId: victim?.messageId, error: 'TypeError: simulated defect' },
    ]);
    expect(result.stats.rows).toBe(messages.length - 1);
    expect(sink.keys('tables/logged_out/')).toEqual([]);
    expect(sink.keys('raw/')).toHaveLength(1);
  });
});
