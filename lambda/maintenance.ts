import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Store } from './lake/s3-store.js';
import { loadMaintenanceEnv } from './maintenance/env.js';
import { createMaintenanceHandler } from './maintenance-handler.js';
import { metricsNamespace } from './metrics.js';

// Read once, at module load: a misconfigured function fails its first cold start with a clear message.
const env = loadMaintenanceEnv();
const s3 = new S3Client(env.s3Endpoint ? { endpoint: env.s3Endpoint, forcePathStyle: true } : {});
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'canvas-live-events-lake';

/** Lambda entry point of lake maintenance: plan steps and Distributed Map items of the maintenance state machine. */
export const handler = createMaintenanceHandler({
  config: env.config,
  stores: { lake: new S3Store(s3, env.lakeBucket), restricted: new S3Store(s3, env.restrictedBucket) },
  planBucket: env.lakeBucket,
  toleratedFailurePercent: env.toleratedFailurePercent,
  logger: new Logger({ serviceName }),
  metrics: new Metrics({
    namespace: metricsNamespace(),
    serviceName,
  }),
});
