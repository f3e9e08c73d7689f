import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { JwksUnavailableError } from '../../lambda/https/jwks.js';
import {
  MAX_BODY_BYTES,
  MessageRejectedError,
  MessageTooLargeError,
  type OutboundMessage,
  receiveDelivery,
  SQS_MAX_MESSAGE_BYTES,
  secretsMatch,
  sqsMessageBytes,
} from '../../lambda/https/receive.js';
import { OutcomeMetrics } from '../../lambda/https/receiver-handler.js';
import { VerificationError } from '../../lambda/https/verify.js';
import { canvasEventText } from '../support/jwks.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const post = (text: string, secret?: string) => ({ method: 'POST', body: bytes(text), secret });

/** A verifier that accepts `valid.token.sig` and refuses anything else, and a recording queue. */
function deps(overrides: Partial<Parameters<typeof receiveDelivery>[1]> = {}) {
  const queued: OutboundMessage[] = [];
  return {
    queued,
    deps: {
      verify: async (token: string) => {
        if (token !== 'valid.token.sig') throw new VerificationError('bad_signature', 'no');
        return { body: canvasEventText(), attributes: { event_name: 'enrollment_created' }, kid: 'k1' };
      },
      enqueue: async (m: OutboundMessage) => void queued.push(m),
      ...overrides,
    },
  };
}

describe('receiveDelivery', () => {
  it('queues a verified event with its attributes and answers 200', async () => {
    const { queued, deps: d } = deps();
    const result = await receiveDelivery(post('valid.token.sig'), d);
    expect(result).toMatchObject({ status: 200, outcome: 'accepted', kid: 'k1' });
    expect(JSON.parse(result.body)).toEqual({ ok: true });
    expect(queued).toEqual([{ body: canvasEventText(), attributes: { event_name: 'enrollment_created' } }]);
  });

  it('answers only after the enqueue has succeeded', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { deps: d } = deps({ enqueue: () => gate });
    let settled = false;
    const pending = receiveDelivery(post('valid.token.sig'), d).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    release();
    expect((await pending).status).toBe(200);
  });

  it('answers 401 for a token that fails verification, and queues nothing', async () => {
    const { queued, deps: d } = deps();
    const result = await receiveDelivery(post('forged.token.sig'), d);
    expect(result).toMatchObject({ status: 401, outcome: 'unauthorized', reason: 'bad_signature' });
    expect(queued).toEqual([]);
  });

  it('answers 413 for a 2 MB body without reading it as a token', async () => {
    const verify = vi.fn();
    const { queued, deps: d } = deps({ verify });
    const result = await receiveDelivery(post('x'.repeat(2 * 1024 * 1024)), d);
    expect(result).toMatchObject({ status: 413, outcome: 'too_large', reason: 'body_too_large' });
    expect(verify).not.toHaveBeenCalled();
    expect(queued).toEqual([]);
    expect(MAX_BODY_BYTES).toBeLessThan(2 * 1024 * 1024);
  });

  it('answers 413 when the verified event would not fit in an SQS message', async () => {
    const big = `{"metadata":{"event_name":"x"},"body":{"s":"${'a'.repeat(SQS_MAX_MESSAGE_BYTES)}"}}`;
    const { queued, deps: d } = deps({
      verify: async () => ({ body: big, attributes: { event_name: 'x' }, kid: 'k1' }),
    });
    const result = await receiveDelivery(post('valid.token.sig'), d);
    expect(result).toMatchObject({ status: 413, reason: 'message_too_large' });
    expect(queued).toEqual([]);
  });

  it('answers 503 when the queue or the key set is unavailable, so Canvas retries', async () => {
    const failing = deps({
      enqueue: async () => {
        throw new Error('ServiceUnavailable');
      },
    });
    expect(await receiveDelivery(post('valid.token.sig'), failing.deps)).toMatchObject({
      status: 503,
      outcome: 'server_error',
      reason: 'enqueue_failed',
    });
    const noKeys = deps({
      verify: async () => {
        throw new JwksUnavailableError('down');
      },
    });
    expect(await receiveDelivery(post('valid.token.sig'), noKeys.deps)).toMatchObject({
      status: 503,
      reason: 'jwks_unavailable',
    });
  });

  it('maps the queue refusing a message to 413 (too large) or 400 (invalid contents)', async () => {
    const tooLarge = deps({
      enqueue: async () => {
        throw new MessageTooLargeError('Message must be shorter than 262144 bytes');
      },
    });
    expect((await receiveDelivery(post('valid.token.sig'), tooLarge.deps)).status).toBe(413);
    const invalid = deps({
      enqueue: async () => {
        throw new MessageRejectedError('invalid characters');
      },
    });
    expect((await receiveDelivery(post('valid.token.sig'), invalid.deps)).status).toBe(400);
  });

  it('refuses other methods and empty bodies', async () => {
    const { deps: d } = deps();
    expect((await receiveDelivery({ method: 'GET', body: bytes('') }, d)).status).toBe(405);
    expect((await receiveDelivery(post(''), d)).status).toBe(400);
  });

  describe('unsigned deliveries', () => {
    const event = canvasEventText();

    it('are refused when the mode is off, even with a secret', async () => {
      const { queued, deps: d } = deps();
      expect(await receiveDelivery(post(event), d)).toMatchObject({ status: 401, reason: 'bad_signature' });
      expect((await receiveDelivery(post(event, 'anything'), d)).status).toBe(401);
      expect(queued).toEqual([]);
    });

    it('are accepted verbatim with the shared secret when the mode is on', async () => {
      const { queued, deps: d } = deps({ unsignedSecret: async () => 's3cret-value' });
      expect(await receiveDelivery(post(event, 's3cret-value'), d)).toMatchObject({ status: 200, kid: null });
      expect(queued).toEqual([
        {
          body: event,
          attributes: { event_name: 'enrollment_created', event_time: '2026-09-01T14:03:07.123Z' },
        },
      ]);
    });

    it('are refused with a wrong or missing secret', async () => {
      const { queued, deps: d } = deps({ unsignedSecret: async () => 's3cret-value' });
      expect(await receiveDelivery(post(event, 's3cret-valuE'), d)).toMatchObject({
        status: 401,
        reason: 'bad_secret',
      });
      expect((await receiveDelivery(post(event), d)).reason).toBe('bad_secret');
      expect(queued).toEqual([]);
    });

    it('still verify signed tokens when the mode is on', async () => {
      const { deps: d } = deps({ unsignedSecret: async () => 's3cret-value' });
      expect((await receiveDelivery(post('valid.token.sig'), d)).status).toBe(200);
      expect((await receiveDelivery(post('forged.token.sig', 's3cret-value'), d)).status).toBe(401);
    });

    it('queue a body that is not JSON for the pipeline to quarantine, rather than lose it', async () => {
      const { queued, deps: d } = deps({ unsignedSecret: async () => 's3cret-value' });
      expect((await receiveDelivery(post('{"metadata": {', 's3cret-value'), d)).status).toBe(200);
      expect(queued).toEqual([{ body: '{"metadata": {', attributes: {} }]);
    });

    it('answer 503 when the secret cannot be read', async () => {
      const { deps: d } = deps({
        unsignedSecret: async () => {
          throw new Error('AccessDenied');
        },
      });
      expect(await receiveDelivery(post(event, 'x'), d)).toMatchObject({
        status: 503,
        reason: 'secret_unavailable',
      });
    });
  });
});

describe('helpers', () => {
  it('compares secrets whatever their lengths, and never matches an empty expected secret', () => {
    expect(secretsMatch('abc', 'abc')).toBe(true);
    expect(secretsMatch('abc', 'abcd')).toBe(false);
    expect(secretsMatch('', '')).toBe(false);
  });

  it('counts SQS message bytes as AWS does: body plus attribute names, types and values', () => {
    expect(sqsMessageBytes({ body: 'é', attributes: { event_name: 'ab' } })).toBe(2 + 10 + 6 + 2);
  });
});

describe('OutcomeMetrics', () => {
  function recorder() {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'svc' });
    const published: Record<string, number>[] = [];
    let pending: Record<string, number> = {};
    vi.spyOn(metrics, 'addMetric').mockImplementation((name: string, _unit: unknown, value: number) => {
      pending[name] = (pending[name] ?? 0) + value;
      return metrics;
    });
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
      published.push(pending);
      pending = {};
      return metrics;
    });
    return { metrics, published };
  }

  it('publishes refusals at once and sums accepted deliveries into one metric a minute', () => {
    let t = 0;
    const { metrics, published } = recorder();
    const counter = new OutcomeMetrics(metrics, () => t);
    // The first delivery of an instance is published at once; the next ones wait for the minute.
    for (let i = 0; i < 500; i++) counter.record('accepted');
    expect(published).toEqual([{ HttpsAccepted: 1 }]);
    counter.record('unauthorized');
    expect(published).toEqual([{ HttpsAccepted: 1 }, { HttpsAccepted: 499, HttpsUnauthorized: 1 }]);
    counter.record('accepted');
    t += 60_000;
    counter.record('accepted');
    expect(published.slice(2)).toEqual([{ HttpsAccepted: 2 }]);
    counter.record('too_large');
    counter.record('server_error');
    counter.record('bad_request');
    expect(published.slice(3)).toEqual([
      { HttpsTooLarge: 1 },
      { HttpsServerError: 1 },
      { HttpsBadRequest: 1 },
    ]);
  });
});
