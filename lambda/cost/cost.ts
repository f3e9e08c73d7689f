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

/** What one maintenance invocation (one partition or one raw day) did: its duration and its S3 requests. */
export interface MaintenanceUsage {
  readonly durationMs: number;
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly s3Gets: number;
  readonly s3Puts: number;
  readonly s3Lists: number;
  /** State transitions of the Distributed Map item that ran it (0 when run locally outside one). */
  readonly stateTransitions: number;
}

export interface MaintenanceCost {
  readonly billedDurationMs: number;
  readonly lambdaComputeUsd: number;
  readonly lambdaRequestUsd: number;
  readonly s3PutUsd: number;
  readonly s3GetUsd: number;
  readonly s3ListUsd: number;
  readonly stepFunctionsUsd: number;
  readonly totalUsd: number;
}

/**
 * Estimated cost of one maintenance invocation: Lambda duration and request, S3 PUTs, GETs and LISTs
 * (LIST is billed at the PUT price; DELETE is free), and the Step Functions state transitions of its
 * Distributed Map item. Same omissions as `invocationCost`.
 */
export function maintenanceCost(usage: MaintenanceUsage, prices: Prices): MaintenanceCost {
  const billedDurationMs = Math.max(1, Math.ceil(usage.durationMs));
  const lambdaComputeUsd =
    (usage.memoryMb / 1024) * (billedDurationMs / 1000) * prices.lambdaGbSecond[usage.architecture];
  const lambdaRequestUsd = prices.lambdaRequest;
  const s3PutUsd = usage.s3Puts * prices.s3Put;
  const s3GetUsd = usage.s3Gets * prices.s3Get;
  const s3ListUsd = usage.s3Lists * prices.s3Put;
  const stepFunctionsUsd = usage.stateTransitions * prices.stepFunctionsTransition;
  return {
    billedDurationMs,
    lambdaComputeUsd,
    lambdaRequestUsd,
    s3PutUsd,
    s3GetUsd,
    s3ListUsd,
    stepFunctionsUsd,
    totalUsd: lambdaComputeUsd + lambdaRequestUsd + s3PutUsd + s3GetUsd + s3ListUsd + stepFunctionsUsd,
  };
}
