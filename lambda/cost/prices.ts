import * as z from 'zod';

/**
 * The unit prices the per-invocation cost estimate uses: AWS on-demand list prices for us-east-1.
 * Override any of them with configuration (`PRICES_JSON` in Lambda, `prices` in the CDK context) for
 * another region or a negotiated rate.
 */
export const PricesSchema = z.object({
  region: z.string(),
  /** USD per GB-second of Lambda duration, by architecture. */
  lambdaGbSecond: z.object({ arm64: z.number().nonnegative(), x86_64: z.number().nonnegative() }),
  /** USD per Lambda request (invocation). */
  lambdaRequest: z.number().nonnegative(),
  /** USD per S3 PUT/COPY/POST/LIST request (S3 Standard). */
  s3Put: z.number().nonnegative(),
  /** USD per S3 GET/SELECT request (S3 Standard). LIST is billed as s3Put; DELETE is free. */
  s3Get: z.number().nonnegative(),
  /** USD per Step Functions state transition (standard workflows; the maintenance state machine). */
  stepFunctionsTransition: z.number().nonnegative(),
  /** USD per SQS request on a standard queue (each 64 KB chunk of a payload is a request). */
  sqsRequest: z.number().nonnegative(),
  /** USD per TB scanned by an Athena query (10 MB minimum per query). */
  athenaTbScanned: z.number().nonnegative(),
  source: z.string(),
  /** When these prices were read from their source (YYYY-MM-DD). */
  asOf: z.string(),
});
export type Prices = z.infer<typeof PricesSchema>;

export const DEFAULT_PRICES: Prices = {
  region: 'us-east-1',
  lambdaGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  lambdaRequest: 0.2 / 1_000_000,
  s3Put: 0.005 / 1_000,
  s3Get: 0.0004 / 1_000,
  stepFunctionsTransition: 0.025 / 1_000,
  sqsRequest: 0.4 / 1_000_000,
  athenaTbScanned: 5,
  source:
    'https://aws.amazon.com/lambda/pricing/ , https://aws.amazon.com/s3/pricing/ , https://aws.amazon.com/sqs/pricing/ , https://aws.amazon.com/athena/pricing/ , https://aws.amazon.com/step-functions/pricing/ (on-demand, us-east-1, free tiers ignored)',
  asOf: '2026-09-20',
};

/** Prices with an override applied; the override is validated and may be partial. */
export function resolvePrices(override: unknown): Prices {
  if (override === undefined || override === null) return DEFAULT_PRICES;
  const partial = PricesSchema.partial()
    .extend({ lambdaGbSecond: PricesSchema.shape.lambdaGbSecond.partial().optional() })
    .strict()
    .parse(override);
  return PricesSchema.parse({
    ...DEFAULT_PRICES,
    ...partial,
    lambdaGbSecond: { ...DEFAULT_PRICES.lambdaGbSecond, ...partial.lambdaGbSecond },
    source: partial.source ?? `${DEFAULT_PRICES.source}, with configured overrides`,
  });
}
