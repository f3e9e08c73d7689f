import { createHash, timingSafeEqual } from 'node:crypto';
import type { MessageAttributes } from '../contract/types.js';
import { HTTPS_METRICS } from '../metrics.js';
import { JwksUnavailableError } from './jwks.js';
import { attributesOf, looksLikeCompactJws, VerificationError, type VerifiedEvent } from './verify.js';

/**
 * SQS's largest message: 1 MiB (1,048,576 bytes), counting the body and every attribute's name, type and
 * value. A verified event that does not fit is refused with 413, since no queue could carry it.
 */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/**
 * The largest request body read: a 1 MiB event encoded as base64url in a JWS (4/3 of its size) plus header and
 * signature fits in 1.5 MiB. Anything longer cannot become a queue message: 413 before any parsing.
 */
export const MAX_BODY_BYTES = 1_572_864;

/** How each delivery ended; one metric per outcome. */
export type Outcome = 'accepted' | 'unauthorized' | 'too_large' | 'bad_request' | 'server_error';

/** The metric each outcome counts in (namespace and service dimension shared with the ingest function). */
export const OUTCOME_METRICS: Readonly<Record<Outcome, string>> = HTTPS_METRICS;

/** One message for the Live Events queue, as Canvas's SQS delivery would have sent it. */
export interface OutboundMessage {
  readonly body: string;
  readonly attributes: MessageAttributes;
}

/** Thrown by an enqueue function when the queue refused the message as too large (answer 413). */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
}

/** Thrown by an enqueue function when the queue refused the message's contents (answer 400). */
export class MessageRejectedError extends Error {
  override readonly name = 'MessageRejectedError';
}

export interface DeliveryRequest {
  readonly method: string;
  /** The raw request body. */
  readonly body: Uint8Array;
  /** The `secret` query parameter, for unsigned deliveries. */
  readonly secret?: string | undefined;
}

export interface DeliveryResult {
  readonly status: number;
  readonly outcome: Outcome;
  /** A short code: `accepted`, `expired`, `too_large`, `enqueue_failed`… (never payload contents). */
  readonly reason: string;
  /** The kid of the key that verified the token, when one did. */
  readonly kid?: string | null;
  /** A short JSON answer for the sender. */
  readonly body: string;
}

export interface ReceiverDeps {
  /** Verifies a compact JWS (see verifyLiveEvent). */
  readonly verify: (token: string) => Promise<VerifiedEvent>;
  /** Hands the event to the pipeline; resolves only once it is durably queued (or written). */
  readonly enqueue: (message: OutboundMessage) => Promise<void>;
  /**
   * The shared secret of unsigned deliveries, when that mode is on (off by default). A request carrying it may
   * post the event as plain JSON, as Canvas does with "Sign Payload" off.
   */
  readonly unsignedSecret?: () => Promise<string>;
  readonly maxBodyBytes?: number;
  readonly maxMessageBytes?: number;
}

/** The answer for an outcome: status, reason and a short JSON body (never payload contents). */
export const answer = (
  status: number,
  outcome: Outcome,
  reason: string,
  kid?: string | null,
): DeliveryResult => ({
  status,
  outcome,
  reason,
  ...(kid !== undefined ? { kid } : {}),
  body: JSON.stringify(outcome === 'accepted' ? { ok: true } : { ok: false, error: outcome, reason }),
});

/** Bytes SQS counts for a message: the body, and each attribute's name, data type and value (UTF-8). */
export function sqsMessageBytes(message: OutboundMessage): number {
  let bytes = Buffer.byteLength(message.body, 'utf8');
  for (const [name, value] of Object.entries(message.attributes)) {
    if (value === undefined) continue;
    bytes += Buffer.byteLength(name, 'utf8') + 'String'.length + Buffer.byteLength(value, 'utf8');
  }
  return bytes;
}

/** Compares two secrets in time independent of where they differ (both are hashed first, so lengths match). */
export function secretsMatch(given: string, expected: string): boolean {
  if (expected === '') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * One HTTPS delivery, from request to answer: size limit, verification, then the enqueue. A 2xx answer is given
 * only after the enqueue resolved; 401 for a token that fails verification, 413 for a body or message too
 * large, 400 for a request that is not a delivery, 503 when the keys or the queue are unavailable (Canvas
 * retries). Never throws.
 */
export async function receiveDelivery(request: DeliveryRequest, deps: ReceiverDeps): Promise<DeliveryResult> {
  const maxBody = deps.maxBodyBytes ?? MAX_BODY_BYTES;
  const maxMessage = deps.maxMessageBytes ?? SQS_MAX_MESSAGE_BYTES;
  if (request.method !== 'POST') return answer(405, 'bad_request', 'method_not_allowed');
  if (request.body.byteLength > maxBody) return answer(413, 'too_large', 'body_too_large');
  if (request.body.byteLength === 0) return answer(400, 'bad_request', 'empty_body');
  const text = new TextDecoder().decode(request.body);

  let event: VerifiedEvent;
  try {
    if (deps.unsignedSecret && !looksLikeCompactJws(text)) {
      // Unsigned mode (off unless configured): a plain JSON event is accepted only with the shared secret.
      let expected: string;
      try {
        expected = await deps.unsignedSecret();
      } catch {
        return answer(503, 'server_error', 'secret_unavailable');
      }
      if (request.secret === undefined || !secretsMatch(request.secret, expected)) {
        return answer(401, 'unauthorized', 'bad_secret');
      }
      event = { body: text, attributes: attributesOfText(text), kid: null };
    } else {
      event = await deps.verify(text);
    }
  } catch (error) {
    if (error instanceof VerificationError) return answer(401, 'unauthorized', error.reason);
    if (error instanceof JwksUnavailableError) return answer(503, 'server_error', 'jwks_unavailable');
    return answer(503, 'server_error', 'verifier_failed');
  }

  const message: OutboundMessage = { body: event.body, attributes: event.attributes };
  if (sqsMessageBytes(message) > maxMessage) return answer(413, 'too_large', 'message_too_large', event.kid);
  try {
    await deps.enqueue(message);
  } catch (error) {
    if (error instanceof MessageTooLargeError)
      return answer(413, 'too_large', 'message_too_large', event.kid);
    if (error instanceof MessageRejectedError)
      return answer(400, 'bad_request', 'message_rejected', event.kid);
    return answer(503, 'server_error', 'enqueue_failed', event.kid);
  }
  return answer(200, 'accepted', 'accepted', event.kid);
}

/** Attributes of an unsigned delivery's JSON (none when it is not JSON: the pipeline quarantines it, not us). */
function attributesOfText(text: string): MessageAttributes {
  try {
    return attributesOf(JSON.parse(text));
  } catch {
    return {};
  }
}
