import { vi } from 'vitest';
import type { Moto } from './moto.js';

/**
 * A production Lambda module's handler, configured through its environment as Lambda configures it, against
 * moto: loaded afresh, with `env` set while it loads (it reads its configuration then) and removed after, so
 * one call's settings never reach the next. The AWS endpoints and credentials stay: the SDK reads them later.
 */
export async function loadProductionHandler<T>(
  moto: Moto,
  env: Record<string, string>,
  load: () => Promise<unknown>,
): Promise<T> {
  vi.resetModules();
  Object.assign(process.env, {
    AWS_REGION: moto.region,
    AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: moto.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
    LAKE_S3_ENDPOINT: moto.endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...env,
  });
  try {
    return ((await load()) as { handler: T }).handler;
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
  }
}
