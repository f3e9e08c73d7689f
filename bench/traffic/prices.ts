import { DEFAULT_PRICES, type Prices } from '../../lambda/cost/prices.js';

/**
 * Unit prices the traffic simulator needs beyond the function's own cost estimate (lambda/cost/prices.ts, whose
 * Lambda, S3 PUT and SQS prices it reuses): S3 GET, Step Functions, Amazon Data Firehose and API Gateway.
 * us-east-1 on-demand list prices, free tiers ignored.
 */
export interface TrafficPrices {
  readonly base: Prices;
  /** USD per S3 GET request (S3 Standard). LIST is priced like PUT (`base.s3Put`); DELETE is free. */
  readonly s3Get: number;
  /** USD per Step Functions Standard state transition. */
  readonly stepFunctionsTransition: number;
  readonly firehose: {
    /** USD per GB ingested by Direct PUT (first 500 TB a month); each record is billed rounded up to 5 KB. */
    readonly ingestionPerGb: number;
    /** USD per GB converted from JSON to Parquet, on the same 5 KB-rounded volume. */
    readonly formatConversionPerGb: number;
    /** USD per GB processed by dynamic partitioning. */
    readonly dynamicPartitioningPerGb: number;
    /** USD per object dynamic partitioning delivers to S3 (the S3 PUT itself is billed by S3 on top). */
    readonly dynamicPartitioningPerObject: number;
    /** USD per JQ processing hour (partition keys parsed from the record). */
    readonly jqPerHour: number;
    /** Record rounding of ingestion and format conversion. */
    readonly recordRoundingBytes: number;
  };
  /** USD per API Gateway REST API request (first 333 M a month), the only API type that integrates with Firehose directly. */
  readonly apiGatewayRestRequest: number;
  readonly sources: readonly string[];
  /** When these prices were read (YYYY-MM-DD). */
  readonly asOf: string;
}

export const TRAFFIC_PRICES: TrafficPrices = {
  base: DEFAULT_PRICES,
  s3Get: 0.0004 / 1000,
  stepFunctionsTransition: 0.025 / 1000,
  firehose: {
    ingestionPerGb: 0.029,
    formatConversionPerGb: 0.018,
    dynamicPartitioningPerGb: 0.02,
    dynamicPartitioningPerObject: 0.005 / 1000,
    jqPerHour: 0.07,
    recordRoundingBytes: 5 * 1024,
  },
  apiGatewayRestRequest: 3.5 / 1_000_000,
  sources: [
    `Lambda, S3 PUT/LIST, SQS: ${DEFAULT_PRICES.source}, as of ${DEFAULT_PRICES.asOf}`,
    'S3 GET $0.0004 per 1,000: https://aws.amazon.com/s3/pricing/',
    'Step Functions Standard $0.025 per 1,000 state transitions: https://aws.amazon.com/step-functions/pricing/ (AWS Compute Blog, "Building cost-effective AWS Step Functions workflows": $25 per million)',
    'Amazon Data Firehose: https://aws.amazon.com/firehose/pricing/ (ingestion and format conversion billed per GB in 5 KB record increments; dynamic partitioning per GB, per object and per JQ hour); rates of the AWS Price List SKUs BilledBytes $0.029/GB (first 500 TB), DFCBilledBytes $0.018/GB, DPBytesDelivered $0.020/GB, S3DeliveryObjectCount $0.005 per 1,000, MetadataProcessingDuration $0.07 per hour',
    'API Gateway REST API $3.50 per million requests (first 333 M): https://aws.amazon.com/api-gateway/pricing/',
  ],
  asOf: '2026-12-05',
};
