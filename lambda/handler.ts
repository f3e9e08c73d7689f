import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from './config.js';
import { createHandler } from './ingest-handler.js';
import { RoutedSink } from './lake/routed-sink.js';
import { S3Sink } from './lake/s3-sink.js';
import { metricsNamespace } from './metrics.js';

// Read once, at module load: a misconfigured function fails its first cold start with a clear message.
const config = loadConfig();
const s3 = new S3Client(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {});
// raw/ and quarantine/ (whole messages) go to the restricted bucket when one is configured (always on AWS).
const lakeSink = new S3Sink(s3, config.bucket);
const sink = config.restrictedBucket
  ? new RoutedSink(config.prefix, lakeSink, new S3Sink(s3, config.restrictedBucket))
  : lakeSink;

/** Lambda entry point: SQS batch in, partial batch response out. */
export const handler = createHandler({
  config,
  sink,
  logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'canvas-live-events-lake' }),
  metrics: new Metrics({
    namespace: metricsNamespace(),
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'canvas-live-events-lake',
  }),
});
