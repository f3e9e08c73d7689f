import { type CfnElement, type Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Prices } from '../../lambda/cost/prices.js';
import type { OutputFormat } from '../../lambda/lake/formats/index.js';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import { RESTRICTED_FOLDERS } from '../../lambda/lake/routed-sink.js';
import { HANDLER_ENTRY } from '../handler-bundle.js';
import { folderKeyPrefix } from './lake-bucket.js';
import { lakeFunction } from './lake-function.js';

export interface IngestFunctionProps {
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly logRetentionDays: number;
  /** POWERTOOLS_SERVICE_NAME: the `service` dimension of every metric. */
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly outputFormat: OutputFormat;
  readonly compression: 'snappy' | 'zstd' | 'uncompressed';
  readonly integrations: Readonly<Record<string, string>>;
  readonly prices: Prices;
}

/**
 * The ingest Lambda function with its defaults fixed once: Node.js 24 on arm64, JSON logs to an explicit log
 * group with retention, an ESM bundle built locally by esbuild (no Docker), minified with source maps.
 * `bind…` methods grant access and set the matching environment in the same call.
 */
export class IngestFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const created = lakeFunction(this, {
      entry: HANDLER_ENTRY,
      description: 'Canvas Live Events (SQS) → partitioned Parquet on S3',
      roleDescription: 'canvas-live-events-lake ingest function',
      memoryMb: props.memoryMb,
      timeout: props.timeout,
      logRetentionDays: props.logRetentionDays,
      serviceName: props.serviceName,
      metricsNamespace: props.metricsNamespace,
      environment: {
        OUTPUT_FORMAT: props.outputFormat,
        PARQUET_COMPRESSION: props.compression,
        INTEGRATIONS_JSON: JSON.stringify(props.integrations),
        PRICES_JSON: JSON.stringify(props.prices),
      },
    });
    this.function = created.function;
    this.role = created.role;
    this.logGroup = created.logGroup;
  }

  /**
   * Lets the function write the analysts' folders (tables/, costs/) under the prefix in the lake bucket
   * (PutObject only: it never reads), and tells it where.
   */
  bindLake(bucket: s3.Bucket, prefix: string): this {
    const folders = Object.values(LAKE_PREFIXES).filter((f) => !RESTRICTED_FOLDERS.includes(f));
    this.allowPut(bucket, prefix, folders, 'lake');
    this.function.addEnvironment('LAKE_BUCKET', bucket.bucketName);
    this.function.addEnvironment('LAKE_PREFIX', prefix);
    return this;
  }

  /**
   * Lets the function write raw/ and quarantine/ under the prefix in the restricted bucket, encrypting with its
   * key (kms:GenerateDataKey: a PutObject to an SSE-KMS bucket needs it; no Decrypt, the function never reads),
   * and tells it where (RESTRICTED_BUCKET; the handler routes those folders there).
   */
  bindRestricted(bucket: s3.Bucket, key: kms.IKey, prefix: string): this {
    this.allowPut(bucket, prefix, RESTRICTED_FOLDERS, 'restricted');
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
    this.function.addEnvironment('RESTRICTED_BUCKET', bucket.bucketName);
    return this;
  }

  private allowPut(bucket: s3.Bucket, prefix: string, folders: readonly string[], what: string): void {
    const patterns = folders.map((folder) => `${folderKeyPrefix(prefix, folder)}*`);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: patterns.map((p) => bucket.arnForObjects(p)),
      }),
    );
    const bucketLogicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
    for (const pattern of patterns) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${pattern}]`,
        reason: `The function writes new objects with generated names under ${pattern} in the ${what} bucket; PutObject on that folder is the narrowest grant that allows it.`,
      });
    }
  }

  /** Consumes the Live Events queue with partial batch responses. */
  bindQueue(
    queue: sqs.IQueue,
    options: { batchSize: number; batchingWindow: Duration; maxConcurrency: number },
  ): this {
    this.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: options.batchSize,
        maxBatchingWindow: options.batchingWindow.toSeconds() > 0 ? options.batchingWindow : undefined,
        maxConcurrency: options.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return this;
  }
}
