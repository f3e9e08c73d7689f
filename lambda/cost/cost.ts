import type { Prices } from './prices.js';

/** What one invocation did, as measured by the handler. */
export interface InvocationUsage {
  readonly durationMs: number;
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly messages: number;
  readonly s3Puts: number;
}

export interface InvocationCost {
  /** Lambda bills duration rounded up to the millisecond. */
  readonly billedDurationMs: number;
  readonly lambdaComputeUsd: number;
  readonly lambdaRequestUsd: number;
  readonly s3PutUsd: number;
  readonly sqsUsd: number;
  readonly totalUsd: number;
  /** SQS requests attributable to this batch: the event source mapping's ReceiveMessage and DeleteMessageBatch calls (10 messages each). */
  readonly sqsRequests: number;
}

/**
 * Estimated cost of one invocation. It counts what the invocation causes: its own duration and request,
 * its S3 PUTs, and the SQS receive and delete calls for its messages. It leaves out CloudWatch Logs and
 * metrics, S3 storage, Athena scans and free tiers (see README, "Finance").
 */
export function invocationCost(usage: InvocationUsage, prices: Prices): InvocationCost {
  const billedDurationMs = Math.max(1, Math.ceil(usage.durationMs));
  const gbSeconds = (usage.memoryMb / 1024) * (billedDurationMs / 1000);
  const lambdaComputeUsd = gbSeconds * prices.lambdaGbSecond[usage.architecture];
  const lambdaRequestUsd = prices.lambdaRequest;
  const s3PutUsd = usage.s3Puts * prices.s3Put;
  const sqsRequests = 2 * Math.ceil(usage.messages / 10);
  const sqsUsd = sqsRequests * prices.sqsRequest;
  return {
    billedDurationMs,
    lambdaComputeUsd,
    lambdaRequestUsd,
    s3PutUsd,
    sqsUsd,
    totalUsd: lambdaComputeUsd + lambdaRequestUsd + s3PutUsd + sqsUsd,
    sqsRequests,
  };
}
