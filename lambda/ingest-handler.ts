import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { HandlerConfig } from './config.js';
import type { Sink } from './lake/sink.js';
import { INGEST_METRICS } from './metrics.js';
import type { InboundMessage } from './pipeline/ingest.js';
import { runInvocation } from './pipeline/invocation.js';

export interface HandlerDeps {
  readonly config: HandlerConfig;
  readonly sink: Sink;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Wall clock (epoch ms) and monotonic clock, injectable for tests. */
  readonly now?: () => number;
  readonly clock?: () => number;
}

const optionalNumber = (text: string | undefined): number | undefined => {
  const n = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
};

/** An SQS record as the pipeline sees it: body, id, the two string attributes Canvas may send, SQS timings. */
export function toInboundMessage(record: SQSRecord): InboundMessage {
  const attribute = (name: string) => record.messageAttributes?.[name]?.stringValue;
  const eventName = attribute('event_name');
  const eventTime = attribute('event_time');
  const sentAt = optionalNumber(record.attributes?.SentTimestamp);
  const receiveCount = optionalNumber(record.attributes?.ApproximateReceiveCount);
  return {
    messageId: record.messageId,
    body: record.body,
    ...(eventName !== undefined || eventTime !== undefined
      ? {
          attributes: {
            ...(eventName ? { event_name: eventName } : {}),
            ...(eventTime ? { event_time: eventTime } : {}),
          },
        }
      : {}),
    ...(sentAt !== undefined ? { sentAt } : {}),
    ...(receiveCount !== undefined ? { receiveCount } : {}),
  };
}

/**
 * The SQS handler: ingest the batch, report exactly the messages whose writes failed (partial batch response),
 * emit EMF metrics and one structured log line. Logs carry counts, keys and reasons, never event contents.
 */
export function createHandler(deps: HandlerDeps) {
  const now = deps.now ?? Date.now;
  const clock = deps.clock ?? (() => performance.now());
  const { config, sink, logger, metrics } = deps;

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const messages = event.Records.map(toInboundMessage);
    // Near the timeout, stop starting work and return what is not yet durable for retry (never a whole-batch timeout).
    const remainingMs =
      typeof context.getRemainingTimeInMillis === 'function'
        ? () => context.getRemainingTimeInMillis()
        : undefined;
    const outcome = await runInvocation(messages, sink, remainingMs ? { ...config, remainingMs } : config, {
      requestId: context.awsRequestId,
      functionName: context.functionName,
      memoryMb: Number(context.memoryLimitInMB) || 0,
      architecture: config.architecture,
      startedAt: now(),
      clock,
    });
    const { stats, files, failedMessageIds } = outcome.result;
    const { cost } = outcome.costRecord;

    for (const file of files.filter((f) => !f.ok)) {
      logger.error('lake write failed; its messages will be retried', {
        key: file.key,
        kind: file.kind,
        error: file.error,
      });
    }
    // Every message returned to the queue, with its reason (ids and reasons only, never contents).
    for (const failure of outcome.result.failures) {
      logger.warn('message returned to the queue for retry', {
        messageId: failure.messageId,
        reason: failure.reason,
      });
    }
    if (outcome.result.decodeErrors.length > 0)
      metrics.addMetric(INGEST_METRICS.decodeErrors, MetricUnit.Count, outcome.result.decodeErrors.length);
    if (outcome.costRecordError !== null) {
      logger.error('cost record write failed', {
        key: outcome.costRecord.key,
        error: outcome.costRecordError,
      });
      metrics.addMetric(INGEST_METRICS.costRecordWriteFailures, MetricUnit.Count, 1);
    }
    logger.info('batch ingested', {
      messages: stats.messages,
      events: stats.events,
      rows: stats.rows,
      duplicates: stats.duplicates,
      quarantined: stats.quarantined,
      failedMessages: stats.failedMessages,
      failedEvents: stats.failedEvents,
      filesWritten: stats.filesWritten,
      bytesWritten: stats.bytesWritten,
      tableRows: stats.tableRows,
      estimatedCostUsd: cost.totalUsd,
    });

    metrics.addMetric(INGEST_METRICS.messages, MetricUnit.Count, stats.messages);
    metrics.addMetric(INGEST_METRICS.events, MetricUnit.Count, stats.events);
    metrics.addMetric(INGEST_METRICS.rows, MetricUnit.Count, stats.rows);
    metrics.addMetric(INGEST_METRICS.duplicates, MetricUnit.Count, stats.duplicates);
    metrics.addMetric(INGEST_METRICS.quarantined, MetricUnit.Count, stats.quarantined);
    metrics.addMetric(INGEST_METRICS.failedMessages, MetricUnit.Count, stats.failedMessages);
    metrics.addMetric(INGEST_METRICS.bytesWritten, MetricUnit.Bytes, stats.bytesWritten);
    metrics.addMetric(INGEST_METRICS.s3Puts, MetricUnit.Count, stats.puts + 1);
    metrics.addMetric(INGEST_METRICS.estimatedCostUsd, MetricUnit.NoUnit, cost.totalUsd);
    metrics.addMetric(INGEST_METRICS.batchDurationMs, MetricUnit.Milliseconds, cost.billedDurationMs);
    for (const [table, rows] of Object.entries(stats.tableRows)) {
      const single = metrics.singleMetric();
      single.addDimension('Table', table);
      single.addMetric(INGEST_METRICS.tableRows, MetricUnit.Count, rows);
    }
    metrics.publishStoredMetrics();

    return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
