import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import type { ReceiverConfig } from './config.js';
import type { JwksCache } from './jwks.js';
import {
  MessageRejectedError,
  MessageTooLargeError,
  OUTCOME_METRICS,
  type OutboundMessage,
  type Outcome,
  receiveDelivery,
} from './receive.js';
import { verifyLiveEvent } from './verify.js';

/** Sends one event to the Live Events queue with Canvas's message attributes; maps refusals to their answers. */
export function sqsEnqueue(sqs: Pick<SQSClient, 'send'>, queueUrl: string) {
  return async (message: OutboundMessage): Promise<void> => {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(message.attributes)) {
      if (value) attributes[name] = { DataType: 'String', StringValue: value };
    }
    try {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: message.body,
          ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const text = error instanceof Error ? error.message : '';
      if (/shorter than|too long|exceeds the maximum/i.test(text)) throw new MessageTooLargeError(text);
      if (name === 'InvalidMessageContents') throw new MessageRejectedError(text);
      throw error;
    }
  };
}

/** The shared secret of unsigned deliveries, read from Secrets Manager and kept for five minutes. */
export function secretsManagerSecret(
  client: Pick<SecretsManagerClient, 'send'>,
  secretId: string,
  now: () => number = Date.now,
  ttlMs = 300_000,
): () => Promise<string> {
  let cached: { value: string; at: number } | null = null;
  return async () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = result.SecretString ?? '';
    if (value === '') throw new Error(`secret ${secretId} has no string value`);
    cached = { value, at: now() };
    return value;
  };
}

/**
 * Outcome counts, published as EMF metrics. A refusal is published at once (the alarm must see it); accepted
 * deliveries are summed and published at most once a minute (with the next delivery after that minute), so ten
 * million deliveries a day do not write ten million metric log lines. Exact request counts are also in
 * AWS/Lambda `UrlRequestCount`.
 */
export class OutcomeMetrics {
  private readonly counts = new Map<Outcome, number>();
  /** Never, at first: an instance's first delivery is published at once (a test subscription shows up). */
  private lastPublished = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly metrics: Metrics,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 60_000,
  ) {}

  record(outcome: Outcome): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    if (outcome !== 'accepted' || this.now() - this.lastPublished >= this.intervalMs) this.publish();
  }

  publish(): void {
    if (this.counts.size === 0) return;
    for (const [outcome, count] of this.counts) {
      this.metrics.addMetric(OUTCOME_METRICS[outcome], MetricUnit.Count, count);
    }
    this.metrics.publishStoredMetrics();
    this.counts.clear();
    this.lastPublished = this.now();
  }
}

export interface ReceiverHandlerDeps {
  readonly config: ReceiverConfig;
  readonly keys: JwksCache;
  readonly enqueue: (message: OutboundMessage) => Promise<void>;
  readonly unsignedSecret?: () => Promise<string>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
}

/** The request body as bytes (a Function URL base64-encodes bodies it does not consider text). */
function bodyBytes(event: LambdaFunctionURLEvent): Uint8Array {
  if (event.body === undefined || event.body === null) return new Uint8Array(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/**
 * The Lambda Function URL handler: one signed Live Event in, queued for the ingest function, 200 out. Logs carry
 * the outcome, reason, kid and request id, never the body.
 */
export function createReceiverHandler(deps: ReceiverHandlerDeps) {
  const { config, keys, logger } = deps;
  const counter = new OutcomeMetrics(deps.metrics, deps.now ?? Date.now);
  const verify = (token: string) =>
    verifyLiveEvent(token, {
      keys,
      issuers: config.issuers,
      clockToleranceSeconds: config.clockToleranceSeconds,
      ...(deps.now ? { now: deps.now } : {}),
    });
  return async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = await receiveDelivery(
      {
        method: event.requestContext?.http?.method ?? 'POST',
        body: bodyBytes(event),
        secret: event.queryStringParameters?.secret,
      },
      {
        verify,
        enqueue: deps.enqueue,
        ...(deps.unsignedSecret ? { unsignedSecret: deps.unsignedSecret } : {}),
      },
    );
    counter.record(result.outcome);
    const facts = {
      status: result.status,
      outcome: result.outcome,
      reason: result.reason,
      kid: result.kid ?? null,
      requestId: event.requestContext?.requestId,
      sourceIp: event.requestContext?.http?.sourceIp,
    };
    if (result.outcome === 'server_error') logger.error('delivery failed; the sender will retry', facts);
    else if (result.outcome !== 'accepted') logger.warn('delivery refused', facts);
    else logger.debug('delivery accepted', facts);
    return {
      statusCode: result.status,
      headers: { 'content-type': 'application/json' },
      body: result.body,
    };
  };
}
