/**
 * The Lambda SQS event source mapping (ESM) as a batching model: how many messages each invocation gets, how
 * many invocations and SQS requests an hour of traffic causes, and how long an event waits.
 *
 * What AWS documents (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
 * …/invocation-eventsourcemapping.html, …/services-sqs-parameters.html):
 * - a batch closes at BatchSize (≤ 10,000 for standard queues), when the event payload reaches 6 MB, or when
 *   the batching window (≤ 300 s) expires, whichever comes first;
 * - the next batching window begins as soon as the previous invocation completes;
 * - "Lambda starts processing five batches at a time with five concurrent invocations"; at low traffic it
 *   "scales back the processing to five concurrent batches, and can optimize to as few as 2 concurrent batches
 *   … However, this optimization is not available when you enable the maximum concurrency setting";
 * - with more messages waiting it adds up to 300 concurrent batches a minute, never more than
 *   MaximumConcurrency (2…1000);
 * - Lambda long-polls the queue (up to 20 s) and every ReceiveMessage, empty or not, is a billed SQS request.
 *
 * What this model assumes on top (printed by the benchmark): each concurrent batch is gathered by its own
 * poller, which receives an equal share of the traffic while it gathers and does not poll while its
 * invocation runs; arrivals are Poisson; a long poll returns as soon as a message is there, with what arrived
 * during one receive round trip (at most 10 messages).
 */

export interface EsmConfig {
  /** BatchSize (1…10,000). */
  readonly batchSize: number;
  /** MaximumBatchingWindowInSeconds (0…300). */
  readonly windowSeconds: number;
  /** ScalingConfig.MaximumConcurrency (2…1000). */
  readonly maxConcurrency: number;
  /**
   * Concurrent batches at low traffic: 5 as documented. AWS may use 2 when MaximumConcurrency is not set;
   * the model never assumes that by default.
   */
  readonly lowTrafficBatches: number;
}

export interface EsmAssumptions {
  /** The synchronous invocation payload limit: the function's event, as JSON. */
  readonly payloadLimitBytes: number;
  /** WaitTimeSeconds of the pollers' long polls. */
  readonly longPollSeconds: number;
  /** Time between one ReceiveMessage returning and the next one reaching SQS. */
  readonly receiveRoundTripSeconds: number;
  /** MaxNumberOfMessages of one ReceiveMessage. */
  readonly messagesPerReceive: number;
  /** SQS bills each 64 KB chunk of a request's payload as one request. */
  readonly sqsChunkBytes: number;
  /** Receipt handles per DeleteMessageBatch. */
  readonly messagesPerDelete: number;
}

export const ESM_ASSUMPTIONS: EsmAssumptions = {
  payloadLimitBytes: 6 * 1024 * 1024,
  longPollSeconds: 20,
  receiveRoundTripSeconds: 0.02,
  messagesPerReceive: 10,
  sqsChunkBytes: 64 * 1024,
  messagesPerDelete: 10,
};

/** The size of messages, as the ESM sees them. */
export interface MessageShape {
  /** Mean bytes one message adds to the function's event: its SQS record as JSON, plus a comma. */
  readonly recordBytes: number;
  /** Mean bytes of a message as SQS bills it (body + message attributes). */
  readonly messageBytes: number;
}

/** `{"Records":[` + `]}` around the records. */
const EVENT_ENVELOPE_BYTES = 14;

/** The most messages one invocation can get: BatchSize, or fewer when their records would pass the payload limit. */
export function batchCapacity(
  config: EsmConfig,
  shape: MessageShape,
  a: EsmAssumptions = ESM_ASSUMPTIONS,
): number {
  // n records cost n × recordBytes − 1 (no comma after the last) + the envelope.
  const byPayload = Math.floor((a.payloadLimitBytes - EVENT_ENVELOPE_BYTES + 1) / shape.recordBytes);
  return Math.max(1, Math.min(config.batchSize, byPayload));
}

/**
 * ReceiveMessage calls per second of one poller while it gathers, with messages arriving at `rate` per second:
 * a long poll waits until a message comes (at most `longPollSeconds`, then it returns empty), and never returns
 * more than `messagesPerReceive`.
 */
export function receiveCallsPerPollerSecond(rate: number, a: EsmAssumptions = ESM_ASSUMPTIONS): number {
  if (!(rate > 0)) return 1 / (a.receiveRoundTripSeconds + a.longPollSeconds);
  const meanWait = -Math.expm1(-a.longPollSeconds * rate) / rate; // E[min(time to next message, long poll)]
  return Math.max(1 / (a.receiveRoundTripSeconds + meanWait), rate / a.messagesPerReceive);
}

export type BatchClosedBy = 'window' | 'batch_size' | 'payload_6mb';

/** One hour of steady traffic through the event source mapping. */
export interface EsmHour {
  readonly eventsPerSecond: number;
  /** Batches gathered and invoked at once. */
  readonly concurrentBatches: number;
  /** Mean messages per invocation. */
  readonly messagesPerBatch: number;
  readonly closedBy: BatchClosedBy;
  /** How long a poller gathers one batch. */
  readonly gatherSeconds: number;
  /** How long one invocation runs (the function's billed duration, from `durationOf`). */
  readonly invocationSeconds: number;
  readonly invocationsPerSecond: number;
  /** ReceiveMessage calls, empty ones included. */
  readonly receiveCallsPerSecond: number;
  /** Of which returned no message. */
  readonly emptyReceivesPerSecond: number;
  /** Billed receive requests (a response over 64 KB counts once per chunk). */
  readonly receiveRequestsPerSecond: number;
  readonly deleteRequestsPerSecond: number;
  /** The longest an event waits from SendMessage until its file is written: a whole gather plus the invocation. */
  readonly latencyMaxSeconds: number;
  /** The mean wait: half a gather plus the invocation. */
  readonly latencyMeanSeconds: number;
  /** False when even MaximumConcurrency batches cannot keep up: the queue grows for the hour. */
  readonly keepsUp: boolean;
}

/**
 * One hour at `eventsPerSecond`. `durationOf(n)` is the function's duration in seconds for a batch of n
 * messages (the benchmark measures it by running the pipeline).
 */
export function esmHour(
  eventsPerSecond: number,
  config: EsmConfig,
  shape: MessageShape,
  durationOf: (messages: number) => number,
  a: EsmAssumptions = ESM_ASSUMPTIONS,
): EsmHour {
  const rate = eventsPerSecond;
  const cap = batchCapacity(config, shape, a);
  const atCap: BatchClosedBy = cap < config.batchSize ? 'payload_6mb' : 'batch_size';
  const lowBatches = Math.max(1, Math.min(config.lowTrafficBatches, config.maxConcurrency));
  const window = config.windowSeconds;
  const idleReceives = lowBatches * receiveCallsPerPollerSecond(0, a);
  if (!(rate > 0)) {
    return {
      eventsPerSecond: 0,
      concurrentBatches: lowBatches,
      messagesPerBatch: 0,
      closedBy: 'window',
      gatherSeconds: window,
      invocationSeconds: 0,
      invocationsPerSecond: 0,
      receiveCallsPerSecond: idleReceives,
      emptyReceivesPerSecond: idleReceives,
      receiveRequestsPerSecond: idleReceives,
      deleteRequestsPerSecond: 0,
      latencyMaxSeconds: 0,
      latencyMeanSeconds: 0,
      keepsUp: true,
    };
  }

  // Window-limited: each poller gathers for the window, then waits for its invocation; over that cycle its share
  // of the traffic is rate × cycle / pollers messages (Poisson). A window that closes empty invokes nothing, so
  // the mean batch is that share divided by the chance it is not empty.
  const batchOf = (share: number) => (share < 1e-9 ? 1 : share / -Math.expm1(-share));
  let share = (rate * window) / lowBatches;
  for (let i = 0; i < 6; i++) share = (rate * (window + durationOf(batchOf(share)))) / lowBatches;
  let messages = batchOf(share);
  let batches = lowBatches;
  let closedBy: BatchClosedBy = 'window';
  let gather = window;
  let invocation = durationOf(messages);
  let keepsUp = true;
  if (messages >= cap) {
    // Full batches: a poller gathers `cap` messages at rate/batches, then invokes. More batches run at once only
    // when fewer cannot keep up (the queue would grow), up to MaximumConcurrency.
    closedBy = atCap;
    messages = cap;
    invocation = durationOf(cap);
    const minGather = (cap / a.messagesPerReceive) * a.receiveRoundTripSeconds;
    const needed = Math.ceil((rate * (invocation + minGather)) / cap - 1e-9);
    batches = Math.min(Math.max(lowBatches, needed), config.maxConcurrency);
    keepsUp = needed <= config.maxConcurrency;
    gather = Math.max(minGather, (cap * batches) / rate - invocation);
  }
  const cycle = gather + invocation;
  const invocationsPerSecond = keepsUp ? rate / messages : batches / cycle;
  // Pollers gathering at any moment, and the traffic each one sees.
  const gathering = (batches * gather) / cycle;
  const perPoller = rate / gathering;
  const calls = gathering * receiveCallsPerPollerSecond(perPoller, a);
  const messagesPerCall = Math.min(a.messagesPerReceive, rate / calls);
  const chunksPerCall = Math.max(1, Math.ceil((messagesPerCall * shape.messageBytes) / a.sqsChunkBytes));
  const empty = calls * Math.exp(-a.longPollSeconds * perPoller);
  return {
    eventsPerSecond: rate,
    concurrentBatches: batches,
    messagesPerBatch: messages,
    closedBy,
    gatherSeconds: gather,
    invocationSeconds: invocation,
    invocationsPerSecond,
    receiveCallsPerSecond: calls,
    emptyReceivesPerSecond: empty,
    receiveRequestsPerSecond: empty + (calls - empty) * chunksPerCall,
    deleteRequestsPerSecond: invocationsPerSecond * Math.ceil(messages / a.messagesPerDelete),
    latencyMaxSeconds: keepsUp ? gather + invocation : Number.POSITIVE_INFINITY,
    latencyMeanSeconds: keepsUp ? gather / 2 + invocation : Number.POSITIVE_INFINITY,
    keepsUp,
  };
}
