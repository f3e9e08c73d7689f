import * as z from 'zod';
import { PLAUSIBLE_EVENT_TIME } from '../lambda/contract/time.js';
import { type Prices, resolvePrices } from '../lambda/cost/prices.js';
import { INSTRUCTURE_JWKS_URL } from '../lambda/https/jwks.js';
import { OUTPUT_FORMATS } from '../lambda/lake/formats/index.js';
import { MAX_QUEUE_RETENTION_DAYS } from './constructs/live-events-queue.js';

/** Instructure's AWS account, which sends Live Events to customer queues (Canvas Data Services docs). */
export const INSTRUCTURE_ACCOUNT = '636161780776';

/** Context values may come from cdk.json (typed) or `-c key=value` (always strings): accept both. */
const fromJsonText = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
};
const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const optionalInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();
const bool = (fallback: boolean) =>
  z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).default(fallback);

/**
 * The lake prefix as people type it: `canvas`, `canvas/`, `/canvas/` and ` lakes/canvas ` mean `canvas` and
 * `lakes/canvas`. Leading and trailing slashes and surrounding blanks are dropped, so IAM resources
 * (`<prefix>/tables/*`) and Glue locations (`s3://bucket/<prefix>/tables/`) never hold an empty segment.
 */
export function normaliseLakePrefix(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().replace(/^\/+|\/+$/g, '') : value;
}

const LakePrefixSchema = z.preprocess(
  normaliseLakePrefix,
  z
    .string()
    .max(200, 'must be at most 200 characters')
    .superRefine((prefix, ctx) => {
      const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
      if (/^s3:/i.test(prefix))
        fail(`must be a key prefix inside the bucket (e.g. canvas), not an S3 URL: ${prefix}`);
      else if (prefix.includes('//')) fail(`must not contain an empty segment (//): ${prefix}`);
      else if (!/^([a-z0-9_-]+(\/[a-z0-9_-]+)*)?$/.test(prefix))
        fail(
          `must be lowercase letters, digits, _ or - in segments separated by / (e.g. canvas or lakes/canvas): ${prefix}`,
        );
    }),
);

/** A YYYY-MM-DD that names a day of the calendar (not 2026-02-30). */
const isRealDate = (d: string) => {
  const time = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(d);
};

/** CloudWatch Logs retention periods CloudFormation accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const StackConfigSchema = z
  .object({
    /** Names resources and separates deployments (prod, test…). */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lowercase letters, digits or -, at most 20')
      .default('prod'),
    /** Canvas only delivers to queues whose name begins with canvas-live-events. */
    queueName: z
      .string()
      .regex(/^canvas-live-events[A-Za-z0-9_-]{0,62}$/, 'must begin with canvas-live-events')
      .optional(),
    /** The AWS principal allowed to send to the queue: Instructure's account id, or an ARN. */
    instructurePrincipal: z
      .string()
      .regex(
        /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+))$/,
        'must be a 12-digit account id or an IAM ARN',
      )
      .default(INSTRUCTURE_ACCOUNT),
    outputFormat: z.enum(OUTPUT_FORMATS).default('parquet'),
    compression: z.enum(['snappy', 'zstd', 'uncompressed']).default('snappy'),
    batchSize: int(1, 10_000, 10_000),
    /** 300 s (the maximum): 2× cheaper than 60 s up to 1 M events/day, data queryable within about 5 minutes (`npm run bench`, traffic_levers). */
    batchingWindowSeconds: int(0, 300, 300),
    maxConcurrency: int(2, 1000, 5),
    memoryMb: int(128, 10_240, 1024),
    timeoutSeconds: int(10, 900, 120),
    maxReceiveCount: int(1, 1000, 5),
    /**
     * Days the Live Events queue keeps a message. At most 4: SQS counts a dead letter's retention from its first
     * enqueue, and the dead-letter queue keeps 14 days, so a dead-lettered message always has 10 days left.
     */
    queueRetentionDays: int(1, MAX_QUEUE_RETENTION_DAYS, MAX_QUEUE_RETENTION_DAYS),
    lakePrefix: LakePrefixSchema.default(''),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** Days before the raw archive moves to S3 Standard-IA (S3 requires at least 30). */
    rawArchiveTransitionDays: int(30, 3650, 30),
    /** Days the raw archive is kept; unset keeps it. */
    rawArchiveRetentionDays: optionalInt(31, 36_500),
    /** Days event tables and costs are kept; unset keeps them. */
    tableRetentionDays: optionalInt(1, 36_500),
    quarantineRetentionDays: int(1, 36_500, 365),
    athenaResultsRetentionDays: int(1, 365, 7),
    /** Per-query limit on data scanned in the workgroup, in MB (Athena's minimum is 10). */
    athenaBytesScannedCutoffMb: int(10, 10_000_000, 10_240),
    /**
     * First `dt` of the Glue partition projection. It may not be later than the earliest event date the
     * pipeline writes (PLAUSIBLE_EVENT_TIME.earliestDate), or Athena would not see those rows.
     */
    projectionStartDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .refine(isRealDate, 'must be a real date')
      .refine(
        (d) => d <= PLAUSIBLE_EVENT_TIME.earliestDate,
        `must be on or before ${PLAUSIBLE_EVENT_TIME.earliestDate}: the pipeline files events under dates from then on (PLAUSIBLE_EVENT_TIME in lambda/contract/time.ts), and Athena would not see rows before the start; leave it unset`,
      )
      .default(PLAUSIBLE_EVENT_TIME.earliestDate),
    alarmEmail: z.email().optional(),
    /** Alarm when the oldest message in the queue is older than this. */
    queueAgeAlarmSeconds: int(60, 1_209_600, 3600),
    /** Alarm when more than this share of events is quarantined in 15 minutes. */
    quarantineRateAlarm: z.coerce.number().min(0).max(1).default(0.01),
    /** developer_key_id → integration name, surfaced as integration_name. */
    integrations: z
      .preprocess(fromJsonText, z.record(z.string().regex(/^\d+$/), z.string().min(1)))
      .default({}),
    /** Partial override of the unit prices (another region, negotiated rates). */
    prices: z.preprocess(fromJsonText, z.unknown()).optional(),
    /** Extra cost allocation tags. */
    tags: z.preprocess(fromJsonText, z.record(z.string(), z.string())).default({}),
    /** Keep the lake bucket when the stack is deleted (default), or delete it with its data. */
    retainData: bool(true),
    /** How Canvas delivers: to the queue (sqs), as signed HTTPS requests into the same queue (https), or both. */
    delivery: z.enum(['sqs', 'https', 'both']).default('sqs'),
    /** The key set that verifies signed HTTPS deliveries (Instructure's by default). */
    httpsJwksUrl: z
      .string()
      .regex(/^https:\/\/[^\s/]+\/\S*$/, 'must be an https URL')
      .default(INSTRUCTURE_JWKS_URL),
    /** Accepted `iss` claims of signed deliveries, comma-separated; unset accepts any issuer. */
    httpsIssuers: z
      .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string())
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      )
      .default([]),
    /** Clock skew allowed on the exp, nbf and iat claims of signed deliveries. */
    httpsClockToleranceSeconds: int(0, 3600, 60),
    /** Also accept unsigned deliveries carrying a generated shared secret: for test subscriptions only. */
    httpsUnsignedSecret: bool(false),
    /** Reserved concurrency of the HTTPS receiver (caps what a flood can cost); unset: the account's pool. */
    httpsReservedConcurrency: optionalInt(1, 10_000),
    /** Alarm when more HTTPS deliveries than this are refused or fail in 15 minutes. */
    httpsFailureAlarmThreshold: int(1, 1_000_000, 50),
    /**
     * Lake maintenance (compaction, replay): memory of its function (2048 MB: one full vCPU, partitions up to
     * about 1.3 M rows; see README, Maintenance) and items run at once.
     */
    maintenanceMemoryMb: int(512, 10_240, 2048),
    maintenanceMaxConcurrency: int(1, 10_000, 20),
    /** EventBridge Scheduler expression of the daily compaction (UTC). */
    maintenanceSchedule: z
      .string()
      .regex(/^(cron|rate)\(.+\)$/, 'must be a cron(...) or rate(...) expression')
      .default('cron(0 3 * * ? *)'),
    /** Days after a day before compaction touches it (Canvas redelivers late). */
    maintenanceGraceDays: int(0, 3650, 2),
    /** Days after an event's date within which a replay looks for its raw message. */
    maintenanceLatenessDays: int(0, 36_500, 28),
    /** Compacted files are split past this size. */
    maintenanceTargetFileMb: int(16, 5120, 256),
    /** Share of a compaction run's partitions that may fail before the run stops. */
    maintenanceToleratedFailurePercent: z.coerce.number().min(0).max(100).default(10),
  })
  .superRefine((c, ctx) => {
    if (c.batchSize > 10 && c.batchingWindowSeconds < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['batchingWindowSeconds'],
        message: 'must be at least 1 when batchSize > 10 (SQS event source rule)',
      });
    }
    if (c.rawArchiveRetentionDays !== undefined && c.rawArchiveRetentionDays <= c.rawArchiveTransitionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['rawArchiveRetentionDays'],
        message: 'must be greater than rawArchiveTransitionDays',
      });
    }
  });

export type StackConfig = z.infer<typeof StackConfigSchema> & {
  readonly queueName: string;
  readonly resolvedPrices: Prices;
};

export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
}

/** The context keys this app reads. */
export const CONFIG_KEYS: readonly string[] = Object.keys(StackConfigSchema.shape);

/** Validates the CDK context at synth time; one error lists every problem. */
export function parseStackConfig(context: Record<string, unknown>): StackConfig {
  const parsed = StackConfigSchema.safeParse(context);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'context'}: ${i.message}`);
    throw new StackConfigError(
      `Invalid canvas-live-events-lake configuration (CDK context): ${problems.join('; ')}`,
    );
  }
  let resolvedPrices: Prices;
  try {
    resolvedPrices = resolvePrices(parsed.data.prices);
  } catch (error) {
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')
        : String(error);
    throw new StackConfigError(
      `Invalid canvas-live-events-lake configuration (CDK context): prices: ${detail}`,
    );
  }
  return {
    ...parsed.data,
    queueName: parsed.data.queueName ?? `canvas-live-events-${parsed.data.stage}`,
    resolvedPrices,
  };
}
