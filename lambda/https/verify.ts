import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { MessageAttributes } from '../contract/types.js';
import { type JwksCache, JwksUnavailableError, UnknownKidError } from './jwks.js';

/** The only signature algorithm accepted: Instructure signs Live Events with RS256 (setup guide, step 2). */
export const ALLOWED_ALGORITHMS = ['RS256'] as const;

/** Why a delivery was refused (logged and counted; never the payload). */
export type RejectionReason =
  | 'malformed'
  | 'algorithm_not_allowed'
  | 'missing_kid'
  | 'unknown_kid'
  | 'bad_signature'
  | 'expired'
  | 'claim_invalid'
  | 'bad_secret';

/** The token failed verification: answer 401. */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/** A verified Live Event, ready to enqueue as Canvas's SQS delivery would have sent it. */
export interface VerifiedEvent {
  /** The event JSON: the token's payload text with the JWT registered claims removed, byte for byte otherwise. */
  readonly body: string;
  readonly attributes: MessageAttributes;
  /** The key that verified it (null for an unsigned delivery). */
  readonly kid: string | null;
}

export interface VerifierOptions {
  readonly keys: JwksCache;
  /** Accepted `iss` values; empty or unset accepts any issuer (Instructure does not document its issuer). */
  readonly issuers?: readonly string[];
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. */
  readonly clockToleranceSeconds: number;
  /** Wall clock, injectable for tests. */
  readonly now?: () => number;
}

/** JWT registered claims (RFC 7519 §4.1): envelope, not event. Removed from the event before it is queued. */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
]);

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** True when a request body looks like a compact JWS (three base64url parts) rather than plain JSON. */
export function looksLikeCompactJws(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}

function reasonOf(error: unknown): VerificationError {
  if (error instanceof VerificationError) return error;
  if (error instanceof UnknownKidError) return new VerificationError('unknown_kid', error.message);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return new VerificationError('unknown_kid', 'no single RS256 signing key in the key set matches the kid');
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return new VerificationError('algorithm_not_allowed', error.message);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new VerificationError('bad_signature', 'the signature does not match the payload');
  if (error instanceof errors.JWTExpired)
    return new VerificationError('expired', 'the token has expired (exp)');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new VerificationError('claim_invalid', `claim ${error.claim} ${error.reason}: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new VerificationError('malformed', message);
}

/**
 * Verifies one signed Live Event (a compact JWS whose payload is the event): RS256 only, the key named by `kid`
 * from the cached key set, `exp` / `nbf` / `iat` checked when present, `iss` when issuers are configured.
 * Throws VerificationError (answer 401) or JwksUnavailableError (answer 503: the keys could not be read).
 */
export async function verifyLiveEvent(token: string, options: VerifierOptions): Promise<VerifiedEvent> {
  const compact = token.trim();
  if (!COMPACT_JWS.test(compact)) {
    throw new VerificationError('malformed', 'the body is not a compact JWS (header.payload.signature)');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(compact);
  } catch (error) {
    throw reasonOf(error);
  }
  // Checked before any key is looked up: `none`, HS256 with the public key as its secret, and any other
  // algorithm never reach a verifier. jose enforces the same list again below.
  if (header.alg !== 'RS256') {
    throw new VerificationError(
      'algorithm_not_allowed',
      `alg ${JSON.stringify(header.alg ?? null)} is not RS256`,
    );
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw new VerificationError('missing_kid', 'the token header has no kid');
  }
  let payload: Record<string, unknown>;
  try {
    const issuers = options.issuers?.filter((i) => i !== '') ?? [];
    const verified = await jwtVerify(compact, options.keys.keyFor, {
      algorithms: [...ALLOWED_ALGORITHMS],
      clockTolerance: options.clockToleranceSeconds,
      ...(issuers.length > 0 ? { issuer: [...issuers] } : {}),
      ...(options.now ? { currentDate: new Date(options.now()) } : {}),
    });
    payload = verified.payload as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JwksUnavailableError) throw error;
    // A key set holding something other than public keys is a fault on the publishing side, not the token's.
    if (error instanceof errors.JWKSInvalid) throw new JwksUnavailableError(error.message);
    throw reasonOf(error);
  }
  // jose checks `iat` only against a maximum age; a token issued in the future is refused here.
  const nowSeconds = (options.now ? options.now() : Date.now()) / 1000;
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + options.clockToleranceSeconds) {
    throw new VerificationError('claim_invalid', 'claim iat is in the future');
  }
  // The signature covers the encoded payload, so its text is authentic: queue that text, not a re-serialised
  // object (JSON.parse would round 17-digit ids sent as numbers).
  const text = new TextDecoder().decode(Buffer.from(compact.split('.')[1] as string, 'base64url'));
  const claims = Object.keys(payload).filter((k) => REGISTERED_CLAIMS.has(k));
  return {
    body: claims.length === 0 ? text : removeTopLevelMembers(text, new Set(claims)),
    attributes: attributesOf(payload),
    kid: header.kid,
  };
}

const nonEmptyString = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/**
 * The SQS message attributes Canvas's SQS delivery carries (`event_name`, `event_time`), taken from the event:
 * `metadata` (Canvas format), `attributes` (New Quizzes), or the single event of a Caliper envelope (its
 * `eventTime`; the Caliper event name is left to the decoder, which derives it from action and object).
 */
export function attributesOf(event: unknown): MessageAttributes {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return {};
  const e = event as Record<string, unknown>;
  const meta = (e.metadata ?? e.attributes) as Record<string, unknown> | undefined;
  if (typeof meta === 'object' && meta !== null && !Array.isArray(meta)) {
    const name = nonEmptyString(meta.event_name);
    const time = nonEmptyString(meta.event_time);
    return { ...(name ? { event_name: name } : {}), ...(time ? { event_time: time } : {}) };
  }
  if (Array.isArray(e.data) && e.data.length === 1) {
    const time = nonEmptyString((e.data[0] as Record<string, unknown> | null)?.eventTime);
    return time ? { event_time: time } : {};
  }
  return {};
}

/** End of the JSON string starting at `i` (the index after its closing quote). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j += 2;
    else if (c === 34 /* " */) return j + 1;
    else j++;
  }
  return j;
}

/** End of the JSON value starting at `i` (stops at the `,` or `}` that ends it at the object's level). */
function skipValue(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      j = skipString(text, j);
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (depth === 0) return j;
      depth--;
    } else if (c === 44 && depth === 0) return j;
    j++;
  }
  return j;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Removes the named members from the top level of a JSON object's text and keeps every other member's text
 * exactly as it was (numbers, escapes and key order included). The text must be a valid JSON object.
 */
export function removeTopLevelMembers(text: string, names: ReadonlySet<string>): string {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 123) throw new Error('not a JSON object');
  i++;
  const kept: string[] = [];
  let removed = false;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length || text.charCodeAt(i) === 125) break;
    const start = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(start, keyEnd)) as string;
    const end = skipValue(text, keyEnd);
    if (names.has(key)) removed = true;
    else kept.push(text.slice(start, end).trimEnd());
    i = end;
    if (text.charCodeAt(i) === 44) i++;
  }
  return removed ? `{${kept.join(',')}}` : text;
}
