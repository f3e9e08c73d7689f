import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyStructuredResultV2,
  Context,
  LambdaFunctionURLEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVER_ENTRY } from '../../lib/constructs/https-endpoint.js';
import { buildHandlerBundle } from '../../scripts/build-handler.js';
import { examplesOf } from '../support/catalog.js';
import { duck, sqlPath } from '../support/duckdb.js';
import { restoreEnvironmentAfterAll } from '../support/env.js';
import {
  canvasEventText,
  type JwksServer,
  makeKey,
  sign,
  startJwksServer,
  type TestKey,
} from '../support/jwks.js';
import { type Moto, startMoto } from '../support/moto.js';
import { downloadBucket, motoS3, sqsRecordOf } from '../support/moto-clients.js';
import { loadProductionHandler } from '../support/production-module.js';
import { lambdaNode } from '../support/runtimes.js';

restoreEnvironmentAfterAll();

/**
 * HTTPS delivery end to end on real wire protocols: a signed Live Event is posted to the production receiver
 * module (as a Function URL event), which verifies it against a key server on 127.0.0.1 and sends it to SQS
 * (moto); the messages are received as Lambda's poller receives them and handed to the production ingest module,
 * which writes the lake to S3 (moto); DuckDB reads it back.
 */
let moto: Moto;
let s3: S3Client;
let sqs: SQSClient;
let jwks: JwksServer;
let key: TestKey;
let queueUrl: string;
let smallQueueUrl: string;
let secretArn: string;
const BUCKET = 'canvas-lake-https';
const savedEnv = { ...process.env };

type Receiver = (event: LambdaFunctionURLEvent) => Promise<APIGatewayProxyStructuredResultV2>;
type Ingest = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The production receiver module, configured through its environment as Lambda would configure it. */
const receiver = (env: Record<string, string> = {}) =>
  loadProductionHandler<Receiver>(
    moto,
    { QUEUE_URL: queueUrl, JWKS_URL: jwks.url, ...env },
    () => import('../../lambda/https/handler.js'),
  );

/** A Function URL request (payload format 2.0). */
function request(body: string, options: { base64?: boolean; method?: string; query?: string } = {}) {
  const query = options.query ? Object.fromEntries(new URLSearchParams(options.query)) : undefined;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: options.query ?? '',
    headers: { 'content-type': 'application/jwt', host: 'abc.lambda-url.us-east-1.on.aws' },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc',
      http: {
        method: options.method ?? 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'Canvas',
      },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: '01/Sep/2026:14:03:08 +0000',
      timeEpoch: 1_788_271_388_000,
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  } as LambdaFunctionURLEvent;
}

async function receiveAll(url = queueUrl): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
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

const toRecord = (message: Message) =>
  sqsRecordOf(message, `arn:aws:sqs:${moto.region}:123456789012:canvas-live-events-https`, moto.region);

const download = (prefix: string) => downloadBucket(s3, BUCKET, prefix);

beforeAll(async () => {
  [moto, key] = await Promise.all([startMoto(), makeKey('2026-09')]);
  jwks = await startJwksServer([key.publicJwk]);
  const common = { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials };
  s3 = motoS3(moto);
  sqs = new SQSClient(common);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  queueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: 'canvas-live-events-https' }))).QueueUrl ?? '';
  smallQueueUrl =
    (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'canvas-live-events-small',
          Attributes: { MaximumMessageSize: '1024' },
        }),
      )
    ).QueueUrl ?? '';
  const secrets = new SecretsManagerClient(common);
  secretArn =
    (
      await secrets.send(
        new CreateSecretCommand({ Name: 'unsigned', SecretString: 'test-secret-0123456789' }),
      )
    ).ARN ?? '';
  secrets.destroy();
});

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await jwks?.close();
  await moto?.stop();
  process.env = savedEnv;
});

describe('HTTPS receiver → SQS → ingest → S3, on moto', () => {
  it('queues verified events with Canvas’s attributes, refuses the rest, and the lake holds exactly the accepted', async () => {
    const handler = await receiver();
    const canvas = canvasEventText();
    const withClaims = `{"iss":"https://live-events.canvas.instructure.com","iat":${Math.floor(Date.now() / 1000)},${canvas.slice(1)}`;
    const caliper = examplesOf('caliper').find((e) => e.file === 'enrollment_created')?.payload as object;
    const [h, , s] = (await sign(canvas, key)).split('.');
    const forged = `${h}.${Buffer.from(canvasEventText({ requestId: 'forged' })).toString('base64url')}.${s}`;
    const expired = await sign(`{"exp":1000000000,${canvas.slice(1)}`, key);

    const answers = [];
    for (const event of [
      request(await sign(withClaims, key)),
      request(await sign(caliper, key), { base64: true }),
      request(forged),
      request(expired),
      request('x'.repeat(2 * 1024 * 1024)),
      request(canvas), // unsigned, and the mode is off
      request('', { method: 'GET' }),
    ]) {
      const answer = await handler(event);
      answers.push([answer.statusCode, JSON.parse(String(answer.body))]);
    }
    expect(answers).toEqual([
      [200, { ok: true }],
      [200, { ok: true }],
      [401, { ok: false, error: 'unauthorized', reason: 'bad_signature' }],
      [401, { ok: false, error: 'unauthorized', reason: 'expired' }],
      [413, { ok: false, error: 'too_large', reason: 'body_too_large' }],
      [401, { ok: false, error: 'unauthorized', reason: 'malformed' }],
      [405, { ok: false, error: 'bad_request', reason: 'method_not_allowed' }],
    ]);

    const received = await receiveAll();
    expect(received).toHaveLength(2);
    const byFormat = (prefix: string) => received.find((m) => m.Body?.startsWith(prefix)) as Message;
    // The Canvas event is queued as Canvas's SQS delivery sends it: the event text without the JWT claims.
    expect(byFormat('{"metadata"').Body).toBe(canvas);
    expect(byFormat('{"metadata"').MessageAttributes).toEqual({
      event_name: { DataType: 'String', StringValue: 'enrollment_created' },
      event_time: { DataType: 'String', StringValue: '2026-09-01T14:03:07.123Z' },
    });
    expect(JSON.parse(byFormat('{"sensor"').Body ?? '')).toEqual(caliper);

    const ingest = await loadProductionHandler<Ingest>(
      moto,
      { LAKE_BUCKET: BUCKET, LAKE_PREFIX: 'https' },
      () => import('../../lambda/handler.js'),
    );
    const response = await ingest({ Records: received.map(toRecord) }, {
      awsRequestId: 'https-1',
      functionName: 'ingest',
      memoryLimitInMB: '1024',
    } as unknown as Context);
    expect(response.batchItemFailures).toEqual([]);

    const lake = await download('https/');
    try {
      const rows = await duck(
        `SELECT source_format, enrollment_id, meta_developer_key_id, created_via, dt::VARCHAR AS dt
         FROM read_parquet(${sqlPath(`${lake.dir}/https/tables/enrollment_created/*/*.parquet`)}, hive_partitioning = true)
         ORDER BY source_format`,
      );
      expect(rows).toHaveLength(2);
      expect(rows[1]).toEqual({
        source_format: 'canvas',
        enrollment_id: '21070000000001005',
        meta_developer_key_id: '170000000056',
        created_via: 'api_integration',
        dt: '2026-09-01',
      });
      expect(rows[0]).toMatchObject({ source_format: 'caliper' });
      const raw = await duck(
        `SELECT message_attributes FROM read_json(${sqlPath(`${lake.dir}/https/raw/*/*.ndjson.gz`)}) ORDER BY 1`,
      );
      expect(raw.map((r) => r.message_attributes)).toContain(
        '{"event_name":"enrollment_created","event_time":"2026-09-01T14:03:07.123Z"}',
      );
      expect(raw).toHaveLength(2);
      const { Contents = [] } = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'https/quarantine/' }),
      );
      expect(Contents).toEqual([]);
    } finally {
      lake.cleanup();
    }
  });

  it('answers 413 when the queue refuses a message as too large, and 503 when the queue is unreachable', async () => {
    const small = await receiver({ QUEUE_URL: smallQueueUrl });
    const big = await small(
      request(await sign(canvasEventText({ extra: `,"x":"${'a'.repeat(2000)}"` }), key)),
    );
    expect([big.statusCode, JSON.parse(String(big.body)).reason]).toEqual([413, 'message_too_large']);
    expect(await receiveAll(smallQueueUrl)).toEqual([]);

    const missing = await receiver({ QUEUE_URL: `${moto.endpoint}/123456789012/no-such-queue` });
    const down = await missing(request(await sign(canvasEventText(), key)));
    expect([down.statusCode, JSON.parse(String(down.body)).reason]).toEqual([503, 'enqueue_failed']);
  });

  it('accepts unsigned test deliveries only with the secret from Secrets Manager', async () => {
    const handler = await receiver({ UNSIGNED_SECRET_ARN: secretArn });
    const event = canvasEventText({ requestId: 'unsigned' });
    const wrong = await handler(request(event, { query: 'secret=guess' }));
    expect([wrong.statusCode, JSON.parse(String(wrong.body)).reason]).toEqual([401, 'bad_secret']);
    expect((await handler(request(event))).statusCode).toBe(401);
    const right = await handler(request(event, { query: 'secret=test-secret-0123456789' }));
    expect(right.statusCode).toBe(200);
    // Signed deliveries still work alongside.
    expect(
      (await handler(request(await sign(canvasEventText({ requestId: 'signed' }), key)))).statusCode,
    ).toBe(200);
    const received = await receiveAll();
    expect(received.map((m) => m.Body).sort()).toEqual(
      [event, canvasEventText({ requestId: 'signed' })].sort(),
    );
  });

  it.each([22, 24] as const)('runs as the bundle the stack deploys, on Node %i', async (version) => {
    const out = mkdtempSync(join(tmpdir(), 'receiver-bundle-'));
    try {
      const { path, bytes } = await buildHandlerBundle(out, RECEIVER_ENTRY);
      // jose, the SQS and Secrets Manager clients and Powertools: well under the ingest bundle's 1 MB budget.
      expect(bytes).toBeLessThan(512 * 1024);
      const runner = join(out, 'run.mjs');
      writeFileSync(
        runner,
        `import { handler } from ${JSON.stringify(path)};
const answer = await handler(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify(answer));`,
      );
      const token = await sign(canvasEventText({ requestId: `node-${version}` }), key);
      // Asynchronously: the key server runs in this process and must answer the child.
      const result = await promisify(execFile)(
        lambdaNode(version),
        [runner, JSON.stringify(request(token))],
        {
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH,
            AWS_REGION: moto.region,
            AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey,
            AWS_ENDPOINT_URL_SQS: moto.endpoint,
            QUEUE_URL: queueUrl,
            JWKS_URL: jwks.url,
            POWERTOOLS_METRICS_DISABLED: 'true',
            POWERTOOLS_LOG_LEVEL: 'SILENT',
          },
        },
      );
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject({ statusCode: 200 });
      const received = await receiveAll();
      expect(received.map((m) => m.Body)).toEqual([canvasEventText({ requestId: `node-${version}` })]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
