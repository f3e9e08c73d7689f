import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { MaintenanceStore } from './lake/store.js';
import { planCompaction, runPartition } from './maintenance/compact.js';
import type { MaintenanceConfig, MaintenanceContext, MaintenanceStores } from './maintenance/config.js';
import { isDate, planKey } from './maintenance/layout.js';
import { markReplayStarted } from './maintenance/marker.js';
import {
  deriveRawDate,
  finishReplay,
  planReplay,
  planRewrites,
  publishQuarantine,
  type ReplayPlan,
  rewriteForReplay,
} from './maintenance/replay.js';
import { cacheBytesFor } from './maintenance/rewrite.js';
import { MAINTENANCE_METRICS } from './metrics.js';

/**
 * State transitions billed for one Distributed Map item (a standard child execution: its start and its one
 * task), added to the item's cost record.
 */
export const ITEM_STATE_TRANSITIONS = 2;

const Day = z.string().refine(isDate, 'must be a date YYYY-MM-DD');

/** The input of a state machine execution: the daily schedule sends `{"action": "compact"}`. */
export const MaintenanceRequestSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('compact'),
      table: z
        .string()
        .regex(/^[a-z0-9_]+$/)
        .optional(),
      from: Day.optional(),
      to: Day.optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('replay'),
      from: Day.optional(),
      to: Day.optional(),
      latenessDays: z.number().int().min(0).max(36_500).optional(),
    })
    .strict(),
]);
export type MaintenanceRequest = z.infer<typeof MaintenanceRequestSchema>;

export type Stage = 'compact' | 'derive' | 'rewrite' | 'quarantine' | 'finish';
const REPLAY_STAGES: readonly Stage[] = ['derive', 'rewrite', 'quarantine', 'finish'];

/** What a plan step hands to the Distributed Map (and, through `next` and `replay`, to the next plan step). */
export interface PlanOutput {
  readonly stage: Stage;
  readonly run: string;
  /** The work list (JSONL, one item per line) the Distributed Map's ItemReader reads. */
  readonly bucket: string;
  readonly key: string;
  readonly items: number;
  readonly toleratedFailurePercentage: number;
  readonly next: Stage | null;
  readonly replay: ReplayPlan | null;
}

interface PlanEvent {
  readonly action: 'plan';
  readonly request: unknown;
  readonly stage?: Stage | null;
  readonly replay?: ReplayPlan | null;
}

interface WorkEvent {
  readonly action: 'work';
  readonly stage: Stage;
  readonly replay?: ReplayPlan | null;
  readonly item: Record<string, unknown>;
}

export type MaintenanceEvent = PlanEvent | WorkEvent;

export interface MaintenanceDeps {
  readonly config: MaintenanceConfig;
  readonly stores: MaintenanceStores;
  /** The bucket the work lists are written to (the lake bucket), for the ItemReader. */
  readonly planBucket: string;
  readonly toleratedFailurePercent: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
  readonly clock?: () => number;
}

export class MaintenanceInputError extends Error {
  override readonly name = 'MaintenanceInputError';
}

/**
 * The maintenance function: one handler for the plan steps and for the items of the Distributed Map. Each
 * item is one partition (compaction, replay rewrite) or one raw date (replay derive and quarantine), run by
 * the same code `canvas-lake compact` and `canvas-lake replay` run in a loop.
 */
export function createMaintenanceHandler(deps: MaintenanceDeps) {
  const now = deps.now ?? Date.now;
  const clock = deps.clock ?? (() => performance.now());
  const { stores, logger, metrics } = deps;

  const contextOf = (
    context: Context,
    stateTransitions: number,
  ): { config: MaintenanceConfig; run: MaintenanceContext } => {
    const memoryMb = Number(context.memoryLimitInMB) || deps.config.memoryMb;
    return {
      config: { ...deps.config, memoryMb, cacheBytes: cacheBytesFor(memoryMb) },
      run: {
        requestId: context.awsRequestId,
        functionName: context.functionName,
        now,
        clock,
        stateTransitions,
      },
    };
  };

  async function writePlan(run: string, stage: Stage, items: readonly unknown[]): Promise<{ key: string }> {
    const key = planKey(deps.config.prefix, run, stage);
    if (items.length > 0) {
      const body = items.map((i) => JSON.stringify(i)).join('\n');
      await stores.lake.put(key, new TextEncoder().encode(`${body}\n`), 'application/x-ndjson');
    }
    return { key };
  }

  async function plan(event: PlanEvent, context: Context): Promise<PlanOutput> {
    const parsed = MaintenanceRequestSchema.safeParse(event.request);
    if (!parsed.success) {
      throw new MaintenanceInputError(
        `invalid execution input: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`).join('; ')}`,
      );
    }
    const request = parsed.data;
    const { config } = contextOf(context, 0);
    const lake = new MaintenanceStore(stores.lake);
    if (request.action === 'compact') {
      const at = now();
      const run = `compact-${new Date(at).toISOString().replace(/[:.]/g, '')}`;
      const compaction = await planCompaction(lake, config, request, at);
      if (compaction.replayInProgress !== null)
        logger.warn('a replay is in progress: compaction waits for it', {
          replay: compaction.replayInProgress,
        });
      const { key } = await writePlan(run, 'compact', compaction.todo);
      logger.info('compaction planned', {
        run,
        from: compaction.from,
        to: compaction.to,
        partitions: compaction.partitions.length,
        todo: compaction.todo.length,
        unknownTables: compaction.unknownTables,
      });
      return {
        stage: 'compact',
        run,
        bucket: deps.planBucket,
        key,
        items: compaction.todo.length,
        toleratedFailurePercentage: deps.toleratedFailurePercent,
        next: null,
        replay: null,
      };
    }
    const stage = event.stage ?? 'derive';
    if (!REPLAY_STAGES.includes(stage)) throw new MaintenanceInputError(`not a replay stage: ${stage}`);
    let replay = event.replay ?? null;
    if (replay === null) {
      if (stage !== 'derive')
        throw new MaintenanceInputError(`replay stage ${stage} needs the replay's plan`);
      replay = await planReplay(
        { lake, restricted: new MaintenanceStore(stores.restricted) },
        config,
        request,
        now(),
      );
      if (replay.rawDates.length === 0) {
        throw new MaintenanceInputError(
          `no closed raw dates between ${replay.rawFrom} and ${replay.rawTo}: nothing to replay`,
        );
      }
      await markReplayStarted(lake, config.prefix, replay.run, now());
    }
    const next = REPLAY_STAGES[REPLAY_STAGES.indexOf(stage) + 1] ?? null;
    let items: unknown[] = [];
    if (stage === 'derive' || stage === 'quarantine') items = replay.rawDates.map((rawDate) => ({ rawDate }));
    else if (stage === 'rewrite') items = await planRewrites({ lake }, config, replay);
    else await finishReplay(stores, config, replay);
    const { key } = await writePlan(replay.run, stage, items);
    logger.info('replay stage planned', {
      run: replay.run,
      stage,
      items: items.length,
      rawFrom: replay.rawFrom,
      rawTo: replay.rawTo,
    });
    // A replay tolerates no failure: a rewrite must never run on half-derived data.
    return {
      stage,
      run: replay.run,
      bucket: deps.planBucket,
      key,
      items: items.length,
      toleratedFailurePercentage: 0,
      next,
      replay: stage === 'finish' ? null : replay,
    };
  }

  async function work(event: WorkEvent, context: Context): Promise<Record<string, unknown>> {
    const { config, run } = contextOf(context, ITEM_STATE_TRANSITIONS);
    const item = event.item;
    const replay = event.replay ?? null;
    const needReplay = () => {
      if (replay === null) throw new MaintenanceInputError(`stage ${event.stage} needs the replay's plan`);
      return replay;
    };
    let summary: Record<string, unknown>;
    let usd: number;
    switch (event.stage) {
      case 'compact': {
        const partition = { table: String(item.table), dt: String(item.dt) };
        const done = await runPartition(stores.lake, partition, config, run);
        if (done.costRecordKey === null) logger.error('cost record write failed', { ...partition });
        const r = done.result;
        summary = {
          ...partition,
          status: r.status,
          filesBefore: r.filesBefore,
          filesAfter: r.filesAfter,
          rowsBefore: r.rowsBefore,
          rowsAfter: r.rowsAfter,
          duplicatesRemoved: r.duplicatesRemoved,
        };
        usd = done.costUsd;
        metrics.addMetric(MAINTENANCE_METRICS.duplicatesRemoved, MetricUnit.Count, r.duplicatesRemoved);
        metrics.addMetric(
          MAINTENANCE_METRICS.filesRemoved,
          MetricUnit.Count,
          Math.max(0, r.filesBefore - r.filesAfter),
        );
        break;
      }
      case 'derive': {
        const derived = await deriveRawDate(stores, config, needReplay(), String(item.rawDate), run);
        summary = {
          rawDate: item.rawDate,
          skipped: derived.skipped,
          messages: derived.messages,
          rows: derived.rows,
          quarantined: derived.quarantined,
          stagedFiles: derived.stagedFiles,
        };
        usd = derived.usd;
        break;
      }
      case 'rewrite': {
        const staged = Array.isArray(item.staged) ? (item.staged as { key: string; size: number }[]) : [];
        const step = await rewriteForReplay(
          stores.lake,
          config,
          needReplay(),
          { table: String(item.table), dt: String(item.dt), staged },
          run,
        );
        const r = step.result;
        summary = {
          table: item.table,
          dt: item.dt,
          status: r.status,
          rowsBefore: r.rowsBefore,
          rowsSuperseded: r.rowsSuperseded,
          rowsAfter: r.rowsAfter,
          outsideWindow: step.outsideWindow,
        };
        usd = step.usd;
        break;
      }
      case 'quarantine': {
        const published = await publishQuarantine(stores, config, needReplay(), String(item.rawDate), run);
        summary = { ...published };
        usd = published.usd;
        break;
      }
      default:
        throw new MaintenanceInputError(`no items in stage ${event.stage}`);
    }
    metrics.addDimension('Stage', event.stage);
    metrics.addMetric(MAINTENANCE_METRICS.items, MetricUnit.Count, 1);
    metrics.addMetric(MAINTENANCE_METRICS.costUsd, MetricUnit.NoUnit, usd);
    metrics.publishStoredMetrics();
    logger.info('maintenance item done', { stage: event.stage, ...summary, estimatedCostUsd: usd });
    return summary;
  }

  return async (event: MaintenanceEvent, context: Context): Promise<unknown> => {
    if (event.action === 'plan') return plan(event, context);
    if (event.action === 'work') return work(event, context);
    throw new MaintenanceInputError(`unknown action ${(event as { action?: unknown }).action}`);
  };
}
