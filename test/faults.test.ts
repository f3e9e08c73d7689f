import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../lambda/config.js';
import { decodeMessage } from '../lambda/contract/decode.js';
import { createHandler } from '../lambda/ingest-handler.js';
import { S3Sink } from '../lambda/lake/s3-sink.js';
import type { InboundMessage } from '../lambda/pipeline/ingest.js';
import { type FaultS3, type PutBehaviour, startFaultS3 } from './support/fault-s3.js';
import { catalogMessages } from './support/messages.js';

const NOW = Date.UTC(2026, 10, 23);
let s3: FaultS3 | undefined;

beforeEach(() => {
  // The handler logs JSON lines and EMF: keep the test output readable.
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await s3?.close();
  s3 = undefined;
});

function sqsEvent(messages: readonly InboundMessage[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.messageId,
      receiptHandle: `rh-${m.messageId}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(NOW),
        SenderId: '636161780776',
        ApproximateFirstReceiveTimestamp: String(NOW),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:canvas-live-events',
      awsRegion: 'us-east-1',
    })),
  };
}

function contextWith(remainingMs: () => number): Context {
  return {
    awsRequestId: 'req-fault',
    functionName: 'canvas-lake-ingest',
    memoryLimitInMB: '1024',
    getRemainingTimeInMillis: remainingMs,
  } as unknown as Context;
}

async function run(behaviour: (key: string, attempt: number) => PutBehaviour, remainingMs: () => number) {
  s3 = await startFaultS3(behaviour);
  const client = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // The SDK's standard retry strategy (which errors it retries, 3 attempts, its retry quota), with a 10 ms
    // back-off instead of its exponential one: the test is about what the handler does, not about waiting.
    retryStrategy: new ConfiguredRetryStrategy(3, 10),
  });
  const handler = createHandler({
    config: loadConfig({ LAKE_BUCKET: 'lake', OUTPUT_FORMAT: 'json' }),
    sink: new S3Sink(client, 'lake'),
    logger: new Logger({ serviceName: 'test' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => NOW,
  });
  const messages = catalogMessages();
  const response = await handler(sqsEvent(messages), contextWith(remainingMs));
  client.destroy();
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  return { messages, failed, s3 };
}

/**
 * Nothing lost: every message not returned for retry is in the raw archive, and each of its events is a row
 * of a stored table file or a stored quarantine record.
 */
function assertDoneMessagesAreDurable(
  messages: readonly InboundMessage[],
  failed: ReadonlySet<string>,
  lake: FaultS3,
) {
  const rawIds = new Set(lake.records('raw/').map((r) => r.message_id));
  const eventIds = new Set(lake.records('tables/').map((r) => r.event_id));
  const quarantinedIds = new Set(lake.records('quarantine/').map((r) => r.message_id));
  for (const message of messages) {
    if (failed.has(message.messageId)) continue;
    expect(rawIds.has(message.messageId), `${message.messageId} in raw/`).toBe(true);
    const decoded = decodeMessage(message.body, undefined, { ingestedAt: NOW });
    for (const row of decoded.rows) expect(eventIds.has(row.eventId), `${message.messageId} rows`).toBe(true);
    if (decoded.quarantined.length > 0) expect(quarantinedIds.has(message.messageId)).toBe(true);
  }
}

const plenty = () => 120_000;
const assetMessages = (messages: readonly InboundMessage[]) =>
  new Set(messages.filter((m) => m.messageId.endsWith('-asset_accessed')).map((m) => m.messageId));

describe('the handler under S3 faults', () => {
  it('retries exactly the messages of a partition whose PUT is denied', async () => {
    const {
      messages,
      failed,
      s3: lake,
    } = await run((key) => (key.startsWith('tables/asset_accessed/') ? 'denied' : 'ok'), plenty);
    expect(failed).toEqual(assetMessages(messages));
    assertDoneMessagesAreDurable(messages, failed, lake);
  });

  it('rides out SlowDown throttling: the SDK retries, and nothing is returned to the queue', async () => {
    const {
      messages,
      failed,
      s3: lake,
    } = await run(
      (key, attempt) => (key.startsWith('tables/asset_accessed/') && attempt <= 2 ? 'slowdown' : 'ok'),
      plenty,
    );
    expect(failed.size).toBe(0);
    const byKey = new Map<string, PutBehaviour[]>();
    for (const a of lake.attempts.filter((x) => x.key.startsWith('tables/asset_accessed/')))
      byKey.set(a.key, [...(byKey.get(a.key) ?? []), a.behaviour]);
    expect(byKey.size).toBeGreaterThan(0);
    for (const behaviours of byKey.values()) expect(behaviours).toEqual(['slowdown', 'slowdown', 'ok']);
    assertDoneMessagesAreDurable(messages, failed, lake);
  });

  it('returns exactly the throttled partition for retry when SlowDown persists', async () => {
    const {
      messages,
      failed,
      s3: lake,
    } = await run((key) => (key.startsWith('tables/asset_accessed/') ? 'slowdown' : 'ok'), plenty);
    expect(failed).toEqual(assetMessages(messages));
    expect(lake.attempts.filter((a) => a.key.startsWith('tables/asset_accessed/')).length).toBeGreaterThan(1);
    expect([...lake.objects.keys()].some((k) => k.startsWith('tables/asset_accessed/'))).toBe(false);
    assertDoneMessagesAreDurable(messages, failed, lake);
  });

  it('gives up on a write that hangs as the deadline nears, and returns only its messages', async () => {
    const start = Date.now();
    // 4 s left: the batch stops starting work 2 s before the end and gives up on writes 1 s before it.
    const {
      messages,
      failed,
      s3: lake,
    } = await run(
      (key) => (key.startsWith('tables/asset_accessed/') ? 'hang' : 'ok'),
      () => 4_000 - (Date.now() - start),
    );
    expect(failed).toEqual(assetMessages(messages));
    assertDoneMessagesAreDurable(messages, failed, lake);
  });

  it('returns every message, and writes nothing half-done, when the invocation starts too late to finish', async () => {
    const {
      messages,
      failed,
      s3: lake,
    } = await run(
      () => 'ok',
      () => 1_000,
    );
    expect(failed.size).toBe(messages.length);
    expect([...lake.objects.keys()].filter((k) => !k.startsWith('costs/'))).toEqual([]);
  });
});
