import type { Prices } from '../cost/prices.js';
import { type CostRecord, costRecordFor, type InvocationFacts } from '../cost/record.js';
import type { Sink } from '../lake/sink.js';
import { type InboundMessage, type IngestConfig, type IngestResult, ingestBatch } from './ingest.js';

export interface InvocationContext extends Omit<InvocationFacts, 'durationMs'> {
  /** Monotonic clock in milliseconds (performance.now). */
  readonly clock: () => number;
}

export interface InvocationOutcome {
  readonly result: IngestResult;
  readonly costRecord: CostRecord;
  /** The error, when the cost record could not be written (the batch's messages do not depend on it). */
  readonly costRecordError: string | null;
}

/**
 * One invocation, as Lambda and the local command run it: ingest the batch, measure it, and write its cost
 * record. The duration covers decoding, encoding and every lake write; the cost record's own PUT is counted
 * but not timed.
 */
export async function runInvocation(
  messages: readonly InboundMessage[],
  sink: Sink,
  config: IngestConfig & { readonly prices: Prices },
  context: InvocationContext,
): Promise<InvocationOutcome> {
  const start = context.clock();
  const result = await ingestBatch(messages, sink, config, context.startedAt);
  const durationMs = context.clock() - start;
  const costRecord = costRecordFor({ ...context, durationMs }, result.stats, config.prices, config.prefix);
  let costRecordError: string | null = null;
  try {
    await sink.put(costRecord.key, costRecord.body, 'application/x-ndjson');
  } catch (error) {
    costRecordError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return { result, costRecord, costRecordError };
}
