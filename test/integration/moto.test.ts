import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambda/config.js';
import { tableNameFor } from '../../lambda/contract/define.js';
import { createHandler } from '../../lambda/ingest-handler.js';
import { S3Sink } from '../../lambda/lake/s3-sink.js';
import { canvasDocs, examplesOf, seedPayloads } from '../support/catalog.js';
import { duck, sqlPath } from '../support/duckdb.js';
import { restoreEnvironmentAfterAll } from '../support/env.js';
import { type Moto, startMoto } from '../support/moto.js';
import { downloadBucket, listKeys as listBucketKeys, motoS3, sqsRecordOf } from '../support/moto-clients.js';
import { loadProductionHandler } from '../support/production-module.js';
import { FaultySink } from '../support/sinks.js';

restoreEnvironmentAfterAll();

/**
 * The pipeline against real wire protocols: messages go through SQS (moto), are received as Lambda's poller
 * receives them, handed to the handler in the real SQS event shape, written to S3 (moto), and read back from
 * S3 and checked with DuckDB.
 */
let moto: Moto;
let s3: S3Client;
let sqs: SQSClient;
let queueUrl: string;
const BUCKET = 'canvas-lake-it';
const ACCOUNT = '123456789012';

const context = (requestId: string) =>
  ({ awsRequestId: requestId, functionName: 'ingest', memoryLimitInMB: '1024' }) as unknown as Context;

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The production Lambda module, configured through its environment as Lambda would configure it. */
const productionHandler = (env: Record<string, string>) =>
  loadProductionHandler<Handler>(moto, env, () => import('../../lambda/handler.js'));

const toRecord = (message: Message) =>
  sqsRecordOf(message, `arn:aws:sqs:${moto.region}:${ACCOUNT}:canvas-live-events-it`, moto.region);

async function send(bodies: { body: string; eventName?: string }[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const entries = bodies.slice(i, i + 10).map((b, j) => ({
      Id: String(j),
      MessageBody: b.body,
      ...(b.eventName
        ? { MessageAttributes: { event_name: { DataType: 'String', StringValue: b.eventName } } }
        : {}),
    }));
    const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    expect(result.Failed ?? []).toEqual([]);
  }
}

/** Receives everything in the queue, 10 at a time, as the Lambda poller does. */
async function receiveAll(): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 120,
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}

/** What the poller does after the handler returns: delete every message not reported as failed. */
async function deleteSucceeded(messages: Message[], response: SQSBatchResponse): Promise<void> {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  for (let i = 0; i < done.length; i += 10) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done
          .slice(i, i + 10)
          .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}

const listKeys = (bucket: string, prefix = '') => listBucketKeys(s3, bucket, prefix);

/** Downloads the bucket (under a prefix) into a temporary folder for DuckDB. */
const download = (prefix: string) => downloadBucket(s3, BUCKET, prefix);

beforeAll(async () => {
  moto = await startMoto();
  const common = { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials };
  s3 = motoS3(moto);
  sqs = new SQSClient(common);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'canvas-live-events-it' }))).QueueUrl ?? '';
});

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await moto?.stop();
});

describe('SQS → handler → S3, on moto', () => {
  const canvas = [...examplesOf('canvas').map((e) => e.payload), ...seedPayloads('000_9ec397395d9849ba.txt')];
  const caliper = [
    ...examplesOf('caliper').map((e) => e.payload),
    ...seedPayloads('001_a7e52155ecdc4507.txt'),
  ];

  it('ingests every catalog and seed example, with duplicates and a broken message, and DuckDB reads it back', async () => {
    const duplicate = JSON.stringify(
      canvas.find((p) => (p.metadata as { event_name: string }).event_name === 'enrollment_created'),
    );
    await send([
      ...canvas.map((p) => ({
        body: JSON.stringify(p),
        eventName: (p.metadata as { event_name: string }).event_name,
      })),
      ...caliper.map((p) => ({ body: JSON.stringify(p) })),
      { body: duplicate, eventName: 'enrollment_created' },
      { body: '{"metadata": {"event_name": "enrollment_created"' },
    ]);
    const received = await receiveAll();
    expect(received).toHaveLength(canvas.length + caliper.length + 2);

    const handler = await productionHandler({ LAKE_BUCKET: BUCKET, LAKE_PREFIX: 'run1' });
    const response = await handler({ Records: received.map(toRecord) }, context('it-run-1'));
    expect(response.batchItemFailures).toEqual([]);
    await deleteSucceeded(received, response);
    expect(await receiveAll()).toEqual([]);

    const lake = await download('run1/');
    try {
      const tables = await duck(
        `SELECT regexp_extract(source_file, 'tables/([^/]+)/', 1) AS t, count(*) AS n, count(DISTINCT event_id) AS ids
         FROM read_parquet(${sqlPath(`${lake.dir}/run1/tables/*/*/*.parquet`)}, filename = 'source_file', union_by_name = true)
         GROUP BY t ORDER BY t`,
      );
      // Exactly the tables of the catalog's event types (the Caliper forms land in their Canvas twins' tables).
      expect(tables.map((t) => t.t).sort()).toEqual(
        [...new Set(canvasDocs().map(({ doc }) => tableNameFor(doc.name)))].sort(),
      );
      expect(tables.every((t) => t.n === t.ids)).toBe(true);
      const enrollments = await duck(
        `SELECT source_format, created_via, count(*) AS n FROM read_parquet(${sqlPath(`${lake.dir}/run1/tables/enrollment_created/*/*.parquet`)})
         GROUP BY ALL ORDER BY ALL`,
      );
      // The catalog's Canvas example was delivered twice (one row); seed 000's copy differs (its URL has no
      // &amp;), so it is another event. The Caliper twin is the third.
      expect(enrollments).toEqual([
        { source_format: 'caliper', created_via: 'unknown', n: 1n },
        { source_format: 'canvas', created_via: 'api_integration', n: 2n },
      ]);
      const partitions = await duck(
        `SELECT DISTINCT dt FROM read_parquet(${sqlPath(`${lake.dir}/run1/tables/enrollment_updated/*/*.parquet`)}, hive_partitioning = true) ORDER BY dt`,
      );
      expect(partitions.map((p) => String(p.dt))).toEqual(['2019-11-01']);

      const raw = await duck(
        `SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM read_json(${sqlPath(`${lake.dir}/run1/raw/*/*.ndjson.gz`)})`,
      );
      expect(raw).toEqual([{ n: BigInt(received.length), ids: BigInt(received.length) }]);
      const quarantine = await duck(
        `SELECT reason, message_id::VARCHAR AS message_id FROM read_json(${sqlPath(`${lake.dir}/run1/quarantine/*/*.ndjson.gz`)})`,
      );
      const broken = received.find((m) => m.Body?.endsWith('"enrollment_created"'));
      expect(quarantine).toEqual([{ reason: 'not_json', message_id: broken?.MessageId }]);
      const costs = await duck(
        `SELECT request_id, messages, failed_messages FROM read_json(${sqlPath(`${lake.dir}/run1/costs/*/*.json`)})`,
      );
      expect(costs).toEqual([
        { request_id: 'it-run-1', messages: BigInt(received.length), failed_messages: 0n },
      ]);
    } finally {
      lake.cleanup();
    }
  });

  it('overwrites a retried batch and keeps a duplicate from another batch under the same event_id', async () => {
    const first = canvas[0] as { metadata: Record<string, unknown> };
    // b is another event of the same table and day (another request), so it shares a's file group.
    const [a, b] = [
      JSON.stringify(first),
      JSON.stringify({ ...first, metadata: { ...first.metadata, request_id: 'other' } }),
    ];
    const handler = await productionHandler({ LAKE_BUCKET: BUCKET, LAKE_PREFIX: 'dups' });
    // The same message twice (a redelivery), then with another event in the batch.
    for (const [run, bodies] of [
      [1, [a]],
      [2, [a]],
      [3, [a, b]],
    ] as const) {
      await send(bodies.map((body) => ({ body })));
      const received = await receiveAll();
      const response = await handler({ Records: received.map(toRecord) }, context(`dup-${run}`));
      expect(response.batchItemFailures).toEqual([]);
      await deleteSucceeded(received, response);
    }
    const lake = await download('dups/tables/');
    try {
      const rows = await duck(
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM read_parquet(${sqlPath(`${lake.dir}/dups/tables/*/*/*.parquet`)}, union_by_name = true)`,
      );
      // Runs 1 and 2 wrote the same file name (overwrite); run 3 wrote a new file holding a again, and b.
      expect(rows).toEqual([{ n: 3n, ids: 2n }]);
    } finally {
      lake.cleanup();
    }
  });

  it('reports only the messages of the partition that S3 refused', async () => {
    await send([...canvas.slice(0, 30).map((p) => ({ body: JSON.stringify(p) }))]);
    const received = await receiveAll();
    const sink = new FaultySink(new S3Sink(s3, BUCKET), (key) => key.includes('/dt=2019-11-01/'));
    const handler = createHandler({
      config: loadConfig({ LAKE_BUCKET: BUCKET, LAKE_PREFIX: 'faulty' }),
      sink,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'it' }),
    });
    const response = await handler({ Records: received.map(toRecord) }, context('faulty'));
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const expected = received.filter((m) =>
      String(
        (JSON.parse(m.Body ?? '{}') as { metadata: { event_time: string } }).metadata.event_time,
      ).startsWith('2019-11-01'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(received.length);
    expect([...failed].sort()).toEqual(expected.map((m) => m.MessageId).sort());
    const keys = await listKeys(BUCKET, 'faulty/tables/');
    expect(keys.some((k) => k.includes('/dt=2019-11-01/'))).toBe(false);
    expect(keys.length).toBeGreaterThan(0);
    await deleteSucceeded(received, response);
  });

  it('reports every message when S3 fails for all writes (no such bucket)', async () => {
    await send(canvas.slice(0, 5).map((p) => ({ body: JSON.stringify(p) })));
    const received = await receiveAll();
    const handler = await productionHandler({ LAKE_BUCKET: 'no-such-bucket', LAKE_PREFIX: '' });
    const response = await handler({ Records: received.map(toRecord) }, context('all-fail'));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      received.map((m) => m.MessageId).sort(),
    );
    await deleteSucceeded(received, { batchItemFailures: [] });
  });

  it('ingests a 1 MB message', async () => {
    const big = structuredClone(
      examplesOf('canvas').find((e) => e.file === 'wiki_page_updated')?.payload,
    ) as {
      body: { body: string };
    };
    big.body.body = 'x'.repeat(1024 * 1024 - 2000);
    await send([{ body: JSON.stringify(big) }]);
    const received = await receiveAll();
    expect(received[0]?.Body?.length).toBeGreaterThan(1_000_000);
    const handler = await productionHandler({ LAKE_BUCKET: BUCKET, LAKE_PREFIX: 'big' });
    const response = await handler({ Records: received.map(toRecord) }, context('big'));
    expect(response.batchItemFailures).toEqual([]);
    await deleteSucceeded(received, response);
    const lake = await download('big/tables/');
    try {
      const rows = await duck(
        `SELECT length(body) AS n FROM read_parquet(${sqlPath(`${lake.dir}/big/tables/wiki_page_updated/*/*.parquet`)})`,
      );
      expect(rows).toEqual([{ n: BigInt(1024 * 1024 - 2000) }]);
    } finally {
      lake.cleanup();
    }
  });

  it('ingests a batch of 10,000 messages in one invocation', async () => {
    const payloads = [...canvas, ...caliper];
    const records: SQSRecord[] = Array.from({ length: 10_000 }, (_, i) => {
      const payload = structuredClone(payloads[i % payloads.length]) as Record<string, unknown>;
      // Make every message a distinct event: a different request id (Canvas) or event id (Caliper).
      if ('metadata' in payload) (payload.metadata as Record<string, unknown>).request_id = `req-${i}`;
      else
        (payload.data as Record<string, unknown>[])[0] = {
          ...(payload.data as Record<string, unknown>[])[0],
          id: `urn:uuid:bulk-${i}`,
        };
      return toRecord({
        MessageId: `bulk-${i}`,
        ReceiptHandle: `rh-${i}`,
        Body: JSON.stringify(payload),
        Attributes: {},
        MD5OfBody: '',
      });
    });
    const handler = await productionHandler({ LAKE_BUCKET: BUCKET, LAKE_PREFIX: 'bulk' });
    const response = await handler({ Records: records }, context('bulk'));
    expect(response.batchItemFailures).toEqual([]);
    const lake = await download('bulk/');
    try {
      const rows = await duck(
        `SELECT count(*) AS n FROM read_parquet(${sqlPath(`${lake.dir}/bulk/tables/*/*/*.parquet`)}, union_by_name = true)`,
      );
      expect(rows).toEqual([{ n: 10_000n }]);
      const costs = await duck(
        `SELECT messages, rows_written, s3_puts FROM read_json(${sqlPath(`${lake.dir}/bulk/costs/*/*.json`)})`,
      );
      expect(costs[0]).toMatchObject({ messages: 10_000n, rows_written: 10_000n });
    } finally {
      lake.cleanup();
    }
  });
});
