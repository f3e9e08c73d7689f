import { INSTRUCTURE_JWKS_URL } from './jwks.js';

/** Configuration of the HTTPS receiver function, read once from the environment at module load. */
export interface ReceiverConfig {
  /** The Live Events queue the ingest function consumes. */
  readonly queueUrl: string;
  /** Where the verification keys are published. */
  readonly jwksUrl: string;
  /** Accepted `iss` values (empty: any). */
  readonly issuers: readonly string[];
  readonly clockToleranceSeconds: number;
  /** Secrets Manager secret holding the shared secret of unsigned deliveries; unset keeps that mode off. */
  readonly unsignedSecretArn?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a key set URL is acceptable: https, or http on a loopback address (a test's key server). */
export function isKeySetUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

export class ReceiverConfigError extends Error {
  override readonly name = 'ReceiverConfigError';
}

/**
 * Parses and checks the environment; throws one error that lists every problem. (Checked by hand rather than
 * with zod: five variables do not justify 90 KB more bundle and its load time on every cold start.)
 */
export function loadReceiverConfig(env: NodeJS.ProcessEnv = process.env): ReceiverConfig {
  const problems: string[] = [];
  const queueUrl = env.QUEUE_URL ?? '';
  if (!/^https?:\/\/\S+$/.test(queueUrl)) problems.push('QUEUE_URL must be the queue URL');
  const jwksUrl = env.JWKS_URL || INSTRUCTURE_JWKS_URL;
  if (!isKeySetUrl(jwksUrl)) problems.push('JWKS_URL must be an https URL');
  const tolerance = Number(env.CLOCK_TOLERANCE_SECONDS ?? '60');
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 3600) {
    problems.push('CLOCK_TOLERANCE_SECONDS must be an integer from 0 to 3600');
  }
  const secretArn = env.UNSIGNED_SECRET_ARN || undefined;
  if (secretArn !== undefined && !/^arn:aws[a-z-]*:secretsmanager:/.test(secretArn)) {
    problems.push('UNSIGNED_SECRET_ARN must be a Secrets Manager secret ARN');
  }
  if (problems.length > 0) {
    throw new ReceiverConfigError(`Invalid HTTPS receiver configuration: ${problems.join('; ')}`);
  }
  return {
    queueUrl,
    jwksUrl,
    issuers: (env.JWT_ISSUERS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    clockToleranceSeconds: tolerance,
    ...(secretArn ? { unsignedSecretArn: secretArn } : {}),
  };
}
