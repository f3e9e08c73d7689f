import * as z from 'zod';
import type { IntegrationNames } from './contract/provenance.js';
import { type Prices, resolvePrices } from './cost/prices.js';
import { OUTPUT_FORMATS, type OutputFormat } from './lake/formats/index.js';
import { type ParquetOptions, parquetOptionsFor } from './lake/formats/parquet.js';

/** Configuration of the ingest function, read once from the environment at module load. */
export interface HandlerConfig {
  readonly bucket: string;
  /**
   * The restricted bucket for raw/ and quarantine/ (whole messages), kept apart from the analysts' bucket.
   * Unset: every folder goes to `bucket` (a single-bucket lake, as on a laptop).
   */
  readonly restrictedBucket?: string;
  readonly prefix: string;
  readonly format: OutputFormat;
  readonly parquet: ParquetOptions;
  readonly integrations: IntegrationNames;
  readonly prices: Prices;
  /** An S3-compatible endpoint (tests, LocalStack); unset on AWS. */
  readonly s3Endpoint?: string;
  readonly architecture: 'arm64' | 'x86_64';
}

const jsonText = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'is not valid JSON', input: text });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const EnvSchema = z.object({
  LAKE_BUCKET: z.string().min(3, 'must name the lake bucket'),
  RESTRICTED_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lowercase letters, digits, . or -)',
    )
    .optional(),
  LAKE_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9!_.*'()-]+\/)*[A-Za-z0-9!_.*'()-]*$/, 'must be a plain key prefix')
    .default(''),
  OUTPUT_FORMAT: z.enum(OUTPUT_FORMATS).default('parquet'),
  PARQUET_COMPRESSION: z
    .enum(['snappy', 'zstd', 'uncompressed', 'SNAPPY', 'ZSTD', 'UNCOMPRESSED'])
    .default('snappy')
    .transform((v) => v.toUpperCase() as 'SNAPPY' | 'ZSTD' | 'UNCOMPRESSED'),
  INTEGRATIONS_JSON: jsonText(z.record(z.string(), z.string())).optional(),
  PRICES_JSON: jsonText(z.unknown()).optional(),
  LAKE_S3_ENDPOINT: z.url().optional(),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses and checks the environment; throws one ConfigError that lists every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HandlerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
    throw new ConfigError(`Invalid ingest function configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.RESTRICTED_BUCKET !== undefined && e.RESTRICTED_BUCKET === e.LAKE_BUCKET) {
    throw new ConfigError(
      'Invalid ingest function configuration: RESTRICTED_BUCKET must differ from LAKE_BUCKET (leave it unset for a single-bucket lake)',
    );
  }
  try {
    return {
      bucket: e.LAKE_BUCKET,
      ...(e.RESTRICTED_BUCKET ? { restrictedBucket: e.RESTRICTED_BUCKET } : {}),
      prefix: e.LAKE_PREFIX.replace(/\/+$/, ''),
      format: e.OUTPUT_FORMAT,
      parquet: parquetOptionsFor(e.PARQUET_COMPRESSION),
      integrations: e.INTEGRATIONS_JSON ?? {},
      prices: resolvePrices(e.PRICES_JSON),
      ...(e.LAKE_S3_ENDPOINT ? { s3Endpoint: e.LAKE_S3_ENDPOINT } : {}),
      architecture: process.arch === 'arm64' ? 'arm64' : 'x86_64',
    };
  } catch (error) {
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')
        : String(error instanceof Error ? error.message : error);
    throw new ConfigError(`Invalid ingest function configuration: ${detail}`);
  }
}
