import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../lambda/config.js';
import { createHandler, toInboundMessage } from '../lambda/ingest-handler.js';
import type { Sink } from '../lambda/lake/sink.js';
import { catalogMessages } from './support/messages.js';
import { FaultySink, MemorySink } from './support/sinks.js';

const context = {
  awsRequestId: 'req-123',
  functionName: 'canvas-lake-ingest',
  memoryLimitInMB: '1024',
} as unknown as Context;

function sqsEvent(messages: { messageId: string; body: string }[]): SQSEvent {
  return {
    Records: messages.map(
      (m): SQSRecord => ({
        messageId: m.messageId,
        receiptHandle: `rh-${m.messageId}`,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1700000000000',
          SenderId: '636161780776',
          ApproximateFirstReceiveTimestamp: '1700000000100',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:canvas-live-events',
        awsRegion: 'us-east-1',
      }),
    ),
  };
}

let output: string[];
beforeEach(() => {
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

function handlerWith(sink: Sink) {
  return createHandler({
    config: loadConfig({ LAKE_BUCKET: 'lake' }),
    sink,
    logger: new Logger({ serviceName: 'test' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => Date.UTC(2026, 10, 23),
  });
}

describe('SQS handler', () => {
  it('returns an empty partial batch response when everything was written', async () => {
    const sink = new MemorySink();
    const response = await handlerWith(sink)(sqsEvent(catalogMessages()), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sink.keys('costs/')).toEqual(['costs/dt=2026-11-23/req-123.json']);
  });

  it('reports exactly the messages whose partition failed', async () => {
    const messages = catalogMessages();
    const sink = new FaultySink(new MemorySink(), (key) => key.includes('tables/asset_accessed/'));
    const response = await handlerWith(sink)(sqsEvent(messages), context);
    const expected = messages
      .filter((m) => m.messageId.endsWith('-asset_accessed'))
      .map((m) => ({ itemIdentifier: m.messageId }));
    expect(expected.length).toBe(40);
    expect(response.batchItemFailures).toEqual(expect.arrayContaining(expected));
    expect(response.batchItemFailures).toHaveLength(expected.length);
  });

  it('does not fail messages when only the cost record cannot be written', async () => {
    const sink = new FaultySink(new MemorySink(), (key) => key.startsWith('costs/'));
    const response = await handlerWith(sink)(sqsEvent(catalogMessages().slice(0, 3)), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(output.join('')).toContain('cost record write failed');
  });

  it('emits EMF metrics and a structured log line with counts and cost, and no personal data', async () => {
    await handlerWith(new MemorySink())(sqsEvent(catalogMessages()), context);
    const lines = output
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.find((l) => l.message === 'batch ingested');
    expect(summary).toMatchObject({ level: 'INFO', messages: 144, events: 144, quarantined: 0 });
    expect(summary?.estimatedCostUsd).toBeGreaterThan(0);
    const emf = lines.filter((l) => '_aws' in l);
    const names = emf.flatMap((l) =>
      (
        (l._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]?.Metrics ??
        []
      ).map((m) => m.Name),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'Messages',
        'Rows',
        'Quarantined',
        'FailedMessages',
        'EstimatedCostUSD',
        'TableRows',
      ]),
    );
    expect(emf.find((l) => l.Table === 'enrollment_created')?.TableRows).toBe(2);
    const all = output.join('');
    for (const personal of ['oxana@example.com', '93.184.216.34', 'Isaac Newton', 'Mozilla/5.0'])
      expect(all).not.toContain(personal);
  });

  it('reads the SQS attributes Canvas sends', () => {
    const [record] = sqsEvent([{ messageId: 'm', body: '{}' }]).Records;
    const inbound = toInboundMessage({
      ...(record as SQSRecord),
      messageAttributes: {
        event_name: { stringValue: 'enrollment_created', dataType: 'String' },
        event_time: { stringValue: '2019-11-01T19:11:09.910Z', dataType: 'String' },
      },
    });
    expect(inbound).toEqual({
      messageId: 'm',
      body: '{}',
      attributes: { event_name: 'enrollment_created', event_time: '2019-11-01T19:11:09.910Z' },
      sentAt: 1700000000000,
      receiveCount: 1,
    });
  });
});
