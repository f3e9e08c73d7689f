import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { metricsNamespace } from '../metrics.js';
import { loadReceiverConfig } from './config.js';
import { JwksCache, urlJwksSource } from './jwks.js';
import { createReceiverHandler, secretsManagerSecret, sqsEnqueue } from './receiver-handler.js';

// Read once, at module load: a misconfigured function fails its first cold start with a clear message.
const config = loadReceiverConfig();
const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'canvas-live-events-lake' });

/** Lambda Function URL entry point: a signed Live Event in, queued for the ingest function. */
export const handler = createReceiverHandler({
  config,
  keys: new JwksCache(urlJwksSource(config.jwksUrl), {
    onFetchError: (error) =>
      logger.error('could not read the key set', {
        jwksUrl: config.jwksUrl,
        error: error instanceof Error ? error.message : String(error),
      }),
  }),
  // Up to three attempts of at most 3 s each: the answer still comes within the 10 s function timeout, and
  // Canvas waits 15 s.
  enqueue: sqsEnqueue(
    new SQSClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } }),
    config.queueUrl,
  ),
  ...(config.unsignedSecretArn
    ? { unsignedSecret: secretsManagerSecret(new SecretsManagerClient({}), config.unsignedSecretArn) }
    : {}),
  logger,
  metrics: new Metrics({
    namespace: metricsNamespace(),
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'canvas-live-events-lake',
  }),
});
