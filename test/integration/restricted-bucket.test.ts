import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesOf } from '../support/catalog.js';
import { restoreEnvironmentAfterAll } from '../support/env.js';
import { type Moto, startMoto } from '../support/moto.js';
import { motoS3 } from '../support/moto-clients.js';
import { loadProductionHandler } from '../support/production-module.js';

restoreEnvironmentAfterAll();

/**
 * The production handler module, configured as the stack configures it (LAKE_BUCKET and RESTRICTED_BUCKET),
 * writing to two buckets on moto S3: whole messages (raw/, quarantine/) land only in the restricted bucket.
 */
let moto: Moto;
let s3: S3Client;
const LAKE = 'canvas-lake-analysts';
const RESTRICTED = 'canvas-lake-restricted';
const SECRET = 'access_token=7~Zx9SecretTokenValueThatMustNotLeak0123456789';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const productionHandler = (env: Record<string, string>) =>
  loadProductionHandler<Handler>(moto, env, () => import('../../lambda/handler.js'));

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.UTC(2026, 8, 1)),
    SenderId: 'sender',
    ApproximateFirstReceiveTimestamp: String(Date.UTC(2026, 8, 1)),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:canvas-live-events-it',
  awsRegion: 'us-east-1',
});

async function objects(bucket: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const body = Buffer.from(
        await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      found.set(Key as string, Key?.endsWith('.gz') ? gunzipSync(body) : body);
    }
    token = page.NextContinuationToken;
  } while (token);
  return found;
}

beforeAll(async () => {
  moto = await startMoto();
  s3 = motoS3(moto);
  for (const Bucket of [LAKE, RESTRICTED]) await s3.send(new CreateBucketCommand({ Bucket }));
});

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

describe('two buckets on moto S3', () => {
  it('writes raw/ and quarantine/ to the restricted bucket, tables/ and costs/ to the lake bucket', async () => {
    const withToken = structuredClone(
      examplesOf('canvas').find((e) => e.file === 'enrollment_created')?.payload,
    ) as {
      metadata: Record<string, unknown>;
    };
    withToken.metadata.url = `https://canvas.example.edu/api/v1/courses/1/enrollments?${SECRET}`;
    const records = [
      ...examplesOf('canvas')
        .slice(0, 20)
        .map((e, i) => record(`m-${i}`, JSON.stringify(e.payload))),
      record('with-token', JSON.stringify(withToken)),
      record('broken', `{"metadata": {"url": "https://x/?${SECRET}"`),
    ];
    const handler = await productionHandler({
      LAKE_BUCKET: LAKE,
      RESTRICTED_BUCKET: RESTRICTED,
      LAKE_PREFIX: 'canvas/',
      PARQUET_COMPRESSION: 'uncompressed', // so the bytes below can be searched for the token
    });
    const response = await handler({ Records: records }, {
      awsRequestId: 'req-1',
      functionName: 'ingest',
      memoryLimitInMB: '1024',
    } as unknown as Context);
    expect(response.batchItemFailures).toEqual([]);

    const lake = await objects(LAKE);
    const restricted = await objects(RESTRICTED);
    const folders = (keys: Iterable<string>) =>
      [...new Set([...keys].map((k) => k.split('/').slice(0, 2).join('/')))].sort();
    expect(folders(lake.keys())).toEqual(['canvas/costs', 'canvas/tables']);
    expect(folders(restricted.keys())).toEqual(['canvas/quarantine', 'canvas/raw']);

    // The raw archive keeps the message verbatim, token included: it is where it must be, and only there.
    const raw = [...restricted].filter(([k]) => k.includes('/raw/')).map(([, v]) => v.toString('utf8'));
    expect(raw.join('\n')).toContain(SECRET.split('=')[1]);
    const quarantine = [...restricted]
      .filter(([k]) => k.includes('/quarantine/'))
      .map(([, v]) => v.toString('utf8'));
    expect(quarantine.join('\n')).toContain('"message_id":"broken"');
    for (const [key, body] of lake) expect(body.includes(SECRET.split('=')[1] as string), key).toBe(false);
  });

  it('keeps the single-bucket layout when no restricted bucket is configured', async () => {
    const handler = await productionHandler({ LAKE_BUCKET: LAKE, LAKE_PREFIX: 'single' });
    const response = await handler(
      { Records: [record('one', JSON.stringify(examplesOf('canvas')[0]?.payload))] },
      { awsRequestId: 'req-2', functionName: 'ingest', memoryLimitInMB: '1024' } as unknown as Context,
    );
    expect(response.batchItemFailures).toEqual([]);
    const keys = [...(await objects(LAKE)).keys()].filter((k) => k.startsWith('single/'));
    expect(new Set(keys.map((k) => k.split('/')[1]))).toEqual(new Set(['raw', 'tables', 'costs']));
  });
});
