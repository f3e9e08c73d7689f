import type { IntegrationNames } from '../contract/provenance.js';
import type { Prices } from '../cost/prices.js';
import type { InvocationFacts } from '../cost/record.js';
import type { LakeStore } from '../lake/store.js';
import type { RewriteConfig } from './rewrite.js';

/** Days after a day ends before its partitions are compacted: Canvas redelivers late (default 2). */
export const DEFAULT_GRACE_DAYS = 2;
/** Days after an event's date within which a replay looks for its raw message (default 28: see docs/maintenance.md). */
export const DEFAULT_LATENESS_DAYS = 28;

/** Everything maintenance needs to know, on AWS (from the environment) and locally (from the command line). */
export interface MaintenanceConfig extends RewriteConfig {
  readonly prices: Prices;
  readonly graceDays: number;
  readonly latenessDays: number;
  /** Developer key → integration name, for rows a replay re-derives. */
  readonly integrations: IntegrationNames;
  /** What a cost record assumes the function has (on AWS: its configured memory). */
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
}

/**
 * Where maintenance reads and writes. Event tables, cost records and maintenance's own work files live in
 * the lake store; the raw archive and quarantine (bodies verbatim) in the restricted store. On AWS these are
 * two buckets; locally both are the same folder.
 */
export interface MaintenanceStores {
  readonly lake: LakeStore;
  readonly restricted: LakeStore;
}

/** One invocation's identity and clocks, as the handler or the command line gives them. */
export interface MaintenanceContext {
  readonly requestId: string;
  readonly functionName: string | null;
  /** Wall clock, epoch ms. */
  readonly now: () => number;
  /** Monotonic clock, ms. */
  readonly clock: () => number;
  /** State transitions billed for this invocation's Distributed Map item (0 locally). */
  readonly stateTransitions: number;
}

/** What a maintenance invocation's cost record says about the invocation itself. */
export function invocationFacts(
  context: MaintenanceContext,
  config: MaintenanceConfig,
  startedAt: number,
  durationMs: number,
): InvocationFacts {
  return {
    requestId: context.requestId,
    functionName: context.functionName,
    startedAt,
    durationMs,
    memoryMb: config.memoryMb,
    architecture: config.architecture,
  };
}
