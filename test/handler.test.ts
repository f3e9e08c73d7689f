import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../lambda/config.js';
import { DEFAULT_PRICES } from '../lambda/cost/prices.js';
import { createHandler, toInboundMessage } from '../lambda/ingest-handler.js';
import type { Sink } from '../lambda/lake/sink.js';
import { INGEST_METRICS } from '../lambda/metrics.js';
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

/** The invocation_costs columns this test reads. */
interface CostColumns {
  memory_mb: number;
  billed_duration_ms: number;
  architecture: 'arm64' | 'x86_64';
  s3_puts: number;
  s3_put_usd: number;
  sqs_usd: number;
  lambda_request_usd: number;
  lambda_compute_usd: number;
  total_usd: number;
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
    const sink = new MemorySink();
    await handlerWith(sink)(sqsEvent(catalogMessages()), context);
    const lines = output
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.find((l) => l.message === 'batch ingested');
    expect(summary).toMatchObject({ level: 'INFO', messages: 144, events: 144, quarantined: 0 });
    // The logged estimate is the cost record's, and the record prices exactly what the invocation did.
    const [costKey] = sink.keys('costs/');
    const record = JSON.parse(new TextDecoder().decode(sink.objects.get(costKey as string))) as CostColumns;
    const p = DEFAULT_PRICES;
    expect(record.s3_puts).toBe(sink.puts.length);
    expect(record.s3_put_usd).toBeCloseTo(sink.puts.length * p.s3Put, 15);
    expect(record.sqs_usd).toBeCloseTo(2 * Math.ceil(144 / 10) * p.sqsRequest, 15);
    expect(record.lambda_request_usd).toBe(p.lambdaRequest);
    expect(record.lambda_compute_usd).toBeCloseTo(
      (record.memory_mb / 1024) * (record.billed_duration_ms / 1000) * p.lambdaGbSecond[record.architecture],
      15,
    );
    expect(summary?.estimatedCostUsd).toBe(record.total_usd);
    expect(record.total_usd).toBeCloseTo(
      record.lambda_compute_usd + record.lambda_request_usd + record.s3_put_usd + record.sqs_usd,
      15,
    );
    const emf = lines.filter((l) => '_aws' in l);
    const names = emf.flatMap((l) =>
      (
        (l._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]?.Metrics ??
        []
      ).map((m) => m.Name),
    );
    // Every metric the handler always publishes, and nothing else (the other two only on a decode defect or a
    // failed cost record): the alarms and dashboard name these same constants.
    const { decodeErrors, costRecordWriteFailures, ...always } = INGEST_METRICS;
    expect([...new Set(names)].sort()).toEqual(Object.values(always).sort());
    expect(names).not.toContain(decodeErrors);
    expect(names).not.toContain(costRecordWriteFailures);
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
