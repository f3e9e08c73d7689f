import * as z from 'zod';
import { ConfigError, EnvSchema } from '../config.js';
import { resolvePrices } from '../cost/prices.js';
import { parquetOptionsFor } from '../lake/formats/parquet.js';
import { DEFAULT_GRACE_DAYS, DEFAULT_LATENESS_DAYS, type MaintenanceConfig } from './config.js';
import { cacheBytesFor, MB } from './rewrite.js';

const days = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

/** The maintenance function's environment: the ingest's, plus where raw/ lives and how maintenance runs. */
const MaintenanceEnvSchema = EnvSchema.extend({
  /** The bucket of raw/ and quarantine/ (bodies verbatim); the lake bucket when unset. */
  RESTRICTED_BUCKET: z.string().min(3).optional(),
  COMPACTION_TARGET_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024)
    .default(256),
  COMPACTION_GRACE_DAYS: days(DEFAULT_GRACE_DAYS, 3650),
  REPLAY_LATENESS_DAYS: days(DEFAULT_LATENESS_DAYS, 36_500),
  /** Share of a compaction run's items that may fail before the Distributed Map stops (replay tolerates none). */
  COMPACTION_TOLERATED_FAILURE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** Memory the function has (MB), for cost records; Lambda's context overrides it per invocation. */
  MAINTENANCE_MEMORY_MB: z.coerce.number().int().min(128).max(10_240).default(2048),
});

export interface MaintenanceEnv {
  readonly config: MaintenanceConfig;
  readonly lakeBucket: string;
  readonly restrictedBucket: string;
  readonly s3Endpoint?: string;
  readonly toleratedFailurePercent: number;
}

/** Parses and checks the environment once, at cold start; one ConfigError lists every problem. */
export function loadMaintenanceEnv(env: NodeJS.ProcessEnv = process.env): MaintenanceEnv {
  const parsed = MaintenanceEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
    throw new ConfigError(`Invalid maintenance function configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  try {
    return {
      lakeBucket: e.LAKE_BUCKET,
      restrictedBucket: e.RESTRICTED_BUCKET ?? e.LAKE_BUCKET,
      ...(e.LAKE_S3_ENDPOINT ? { s3Endpoint: e.LAKE_S3_ENDPOINT } : {}),
      toleratedFailurePercent: e.COMPACTION_TOLERATED_FAILURE_PERCENT,
      config: {
        prefix: e.LAKE_PREFIX.replace(/\/+$/, ''),
        format: e.OUTPUT_FORMAT,
        parquet: parquetOptionsFor(e.PARQUET_COMPRESSION),
        targetFileBytes: e.COMPACTION_TARGET_MB * MB,
        prices: resolvePrices(e.PRICES_JSON),
        graceDays: e.COMPACTION_GRACE_DAYS,
        latenessDays: e.REPLAY_LATENESS_DAYS,
        integrations: e.INTEGRATIONS_JSON ?? {},
        memoryMb: e.MAINTENANCE_MEMORY_MB,
        cacheBytes: cacheBytesFor(e.MAINTENANCE_MEMORY_MB),
        architecture: process.arch === 'arm64' ? 'arm64' : 'x86_64',
      },
    };
  } catch (error) {
    throw new ConfigError(
      `Invalid maintenance function configuration: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
