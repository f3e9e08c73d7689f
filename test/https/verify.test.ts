import fc from 'fast-check';
import { CompactSign, exportJWK, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fileJwksSource,
  JwksCache,
  type JwksSource,
  JwksUnavailableError,
  urlJwksSource,
} from '../../lambda/https/jwks.js';
import {
  attributesOf,
  REGISTERED_CLAIMS,
  removeTopLevelMembers,
  VerificationError,
  verifyLiveEvent,
} from '../../lambda/https/verify.js';
import {
  canvasEventText,
  type JwksServer,
  makeKey,
  sign,
  startJwksServer,
  type TestKey,
} from '../support/jwks.js';

let current: TestKey;
let next: TestKey;
let server: JwksServer;

beforeAll(async () => {
  [current, next] = await Promise.all([makeKey('2026-09'), makeKey('2026-10')]);
  server = await startJwksServer([current.publicJwk]);
});
afterAll(() => server.close());
afterEach(() => {
  server.keys = [current.publicJwk];
  server.failWith = null;
});

/** A fake wall clock the test moves by hand (no test waits on real time). */
function clock(start = Date.UTC(2026, 8, 1, 14, 5)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const cacheOn = (source: JwksSource = urlJwksSource(server.url), now = clock().now) =>
  new JwksCache(source, { now, cooldownMs: 30_000, maxAgeMs: 3_600_000 });

const verify = (token: string, keys: JwksCache, more: { issuers?: string[]; now?: () => number } = {}) =>
  verifyLiveEvent(token, { keys, clockToleranceSeconds: 60, ...more });

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VerificationError) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('verifyLiveEvent', () => {
  it('accepts an RS256 token whose kid is in the key set, and returns the payload text verbatim', async () => {
    const text = canvasEventText();
    const event = await verify(await sign(text, current), cacheOn());
    expect(event.body).toBe(text);
    expect(event.body).toContain('"enrollment_id":21070000000001005');
    expect(event.kid).toBe('2026-09');
    expect(event.attributes).toEqual({
      event_name: 'enrollment_created',
      event_time: '2026-09-01T14:03:07.123Z',
    });
  });

  it('removes the JWT registered claims and keeps every other byte of the event', async () => {
    const text = canvasEventText();
    const withClaims = `{"iss":"https://live-events.canvas.instructure.com","iat":1788271387,${text.slice(1, -1)},"jti":"x-1"}`;
    const event = await verify(await sign(withClaims, current), cacheOn(), {
      now: () => 1_788_271_390_000,
    });
    expect(event.body).toBe(text);
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await sign(canvasEventText(), current)).split('.');
    const forged = b64(JSON.parse(canvasEventText({ requestId: 'forged' })));
    expect(await rejection(verify(`${h}.${forged}.${s}`, cacheOn()))).toBe('bad_signature');
  });

  it('rejects a token signed by another key under a published kid', async () => {
    const impostor = { ...next, kid: current.kid };
    expect(await rejection(verify(await sign(canvasEventText(), impostor), cacheOn()))).toBe('bad_signature');
  });

  it('rejects HS256 signed with the public key as its secret (key confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(current.publicJwk));
    const token = await new CompactSign(new TextEncoder().encode(canvasEventText()))
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .sign(secret);
    const keys = cacheOn();
    expect(await rejection(verify(token, keys))).toBe('algorithm_not_allowed');
    expect(keys.stats.fetches).toBe(0); // refused before any key lookup
  });

  it('rejects HS256 even when the key set publishes a symmetric key under that kid', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    server.keys = [{ ...(await exportJWK(secret)), kid: 'shared', alg: 'HS256' }, current.publicJwk];
    const token = await new CompactSign(new TextEncoder().encode(canvasEventText()))
      .setProtectedHeader({ alg: 'HS256', kid: 'shared' })
      .sign(secret);
    expect(await rejection(verify(token, cacheOn()))).toBe('algorithm_not_allowed');
  });

  it('rejects alg none, with or without a signature part', async () => {
    const header = b64({ alg: 'none', kid: current.kid });
    const payload = Buffer.from(canvasEventText()).toString('base64url');
    expect(await rejection(verify(`${header}.${payload}.`, cacheOn()))).toBe('malformed');
    expect(await rejection(verify(`${header}.${payload}.AAAA`, cacheOn()))).toBe('algorithm_not_allowed');
  });

  it('rejects another RSA algorithm (PS256) for a published key', async () => {
    const ps = await makeKey('ps', 'PS256');
    server.keys = [current.publicJwk, ps.publicJwk];
    const token = await new CompactSign(new TextEncoder().encode(canvasEventText()))
      .setProtectedHeader({ alg: 'PS256', kid: 'ps' })
      .sign(ps.privateKey);
    expect(await rejection(verify(token, cacheOn()))).toBe('algorithm_not_allowed');
  });

  it('rejects a token without a kid, and garbage', async () => {
    const noKid = await new CompactSign(new TextEncoder().encode(canvasEventText()))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(current.privateKey);
    expect(await rejection(verify(noKid, cacheOn()))).toBe('missing_kid');
    expect(await rejection(verify('not a token', cacheOn()))).toBe('malformed');
    expect(await rejection(verify('e30.e30.e30', cacheOn()))).toBe('algorithm_not_allowed');
  });

  it('rejects a payload that is not a JSON object', async () => {
    expect(await rejection(verify(await sign('[1,2]', current), cacheOn()))).toBe('malformed');
  });

  it('checks exp where it is set, with the clock tolerance', async () => {
    const exp = 1_788_271_400; // seconds
    const text = `{"exp":${exp},${canvasEventText().slice(1)}`;
    const token = await sign(text, current);
    const at = (seconds: number) => ({ now: () => seconds * 1000 });
    expect(await rejection(verify(token, cacheOn(), at(exp + 61)))).toBe('expired');
    expect((await verify(token, cacheOn(), at(exp + 59))).body).toBe(canvasEventText());
    // Without exp, a token is not subject to expiry.
    expect((await verify(await sign(canvasEventText(), current), cacheOn(), at(exp * 2))).kid).toBe(
      '2026-09',
    );
  });

  it('checks nbf and iat where they are set', async () => {
    const t = 1_788_271_400;
    const notYet = await sign(`{"nbf":${t + 3600},${canvasEventText().slice(1)}`, current);
    expect(await rejection(verify(notYet, cacheOn(), { now: () => t * 1000 }))).toBe('claim_invalid');
    const future = await sign(`{"iat":${t + 3600},${canvasEventText().slice(1)}`, current);
    expect(await rejection(verify(future, cacheOn(), { now: () => t * 1000 }))).toBe('claim_invalid');
    const badType = await sign(`{"exp":"tomorrow",${canvasEventText().slice(1)}`, current);
    expect(await rejection(verify(badType, cacheOn()))).toBe('claim_invalid');
  });

  it('checks the issuer only when issuers are configured', async () => {
    const token = await sign(`{"iss":"https://evil.example",${canvasEventText().slice(1)}`, current);
    expect((await verify(token, cacheOn())).body).toBe(canvasEventText());
    expect(
      await rejection(verify(token, cacheOn(), { issuers: ['https://live-events.canvas.instructure.com'] })),
    ).toBe('claim_invalid');
    const good = await sign(
      `{"iss":"https://live-events.canvas.instructure.com",${canvasEventText().slice(1)}`,
      current,
    );
    expect(
      (await verify(good, cacheOn(), { issuers: ['https://live-events.canvas.instructure.com'] })).kid,
    ).toBe('2026-09');
  });
});

describe('JwksCache', () => {
  it('fetches the key set once and serves later tokens from the cache', async () => {
    const keys = cacheOn();
    const before = server.hits();
    for (let i = 0; i < 5; i++) await verify(await sign(canvasEventText(), current), keys);
    expect(server.hits() - before).toBe(1);
    expect(keys.stats).toEqual({ fetches: 1, failures: 0 });
  });

  it('refetches on an unknown kid, so a rotated key is accepted', async () => {
    const c = clock();
    const keys = cacheOn(urlJwksSource(server.url), c.now);
    await verify(await sign(canvasEventText(), current), keys);
    // Instructure publishes the next key and starts signing with it.
    server.keys = [current.publicJwk, next.publicJwk];
    c.advance(31_000);
    const event = await verify(await sign(canvasEventText(), next), keys, { now: c.now });
    expect(event.kid).toBe('2026-10');
    expect(keys.stats.fetches).toBe(2);
  });

  it('rate-limits refetches: unknown kids within the cooldown cause no further fetch', async () => {
    const c = clock();
    const keys = cacheOn(urlJwksSource(server.url), c.now);
    await verify(await sign(canvasEventText(), current), keys);
    const stranger = await makeKey('unknown');
    const bogus = await sign(canvasEventText(), stranger);
    c.advance(31_000);
    // Fifty concurrent tokens with an unknown kid: one fetch, shared.
    const reasons = await Promise.all(Array.from({ length: 50 }, () => rejection(verify(bogus, keys))));
    expect(new Set(reasons)).toEqual(new Set(['unknown_kid']));
    expect(keys.stats.fetches).toBe(2);
    // More within the cooldown: no fetch at all.
    c.advance(10_000);
    expect(await rejection(verify(bogus, keys))).toBe('unknown_kid');
    expect(keys.stats.fetches).toBe(2);
    // After the cooldown, one more.
    c.advance(30_000);
    expect(await rejection(verify(bogus, keys))).toBe('unknown_kid');
    expect(keys.stats.fetches).toBe(3);
  });

  it('refreshes a set older than its maximum age', async () => {
    const c = clock();
    const keys = cacheOn(urlJwksSource(server.url), c.now);
    await verify(await sign(canvasEventText(), current), keys);
    c.advance(3_600_000);
    await verify(await sign(canvasEventText(), current), keys);
    expect(keys.stats.fetches).toBe(2);
  });

  it('keeps the previous set when a fetch fails, and reports the key set unavailable when it has none', async () => {
    const c = clock();
    const keys = cacheOn(urlJwksSource(server.url), c.now);
    await verify(await sign(canvasEventText(), current), keys);
    server.failWith = 500;
    c.advance(3_600_000);
    expect((await verify(await sign(canvasEventText(), current), keys)).kid).toBe('2026-09');
    expect(keys.stats).toEqual({ fetches: 2, failures: 1 });

    const empty = cacheOn(urlJwksSource(server.url), c.now);
    await expect(verify(await sign(canvasEventText(), current), empty)).rejects.toBeInstanceOf(
      JwksUnavailableError,
    );
    // A failed first fetch is not retried on every request either.
    await expect(verify(await sign(canvasEventText(), current), empty)).rejects.toBeInstanceOf(
      JwksUnavailableError,
    );
    expect(empty.stats.fetches).toBe(1);
  });

  it('refuses a key set that is not one, or holds a private key', async () => {
    const c = clock();
    const notASet: JwksSource = { describe: 'x', load: async () => ({ nokeys: [] }) as never };
    await expect(
      verify(await sign(canvasEventText(), current), cacheOn(notASet, c.now)),
    ).rejects.toBeInstanceOf(JwksUnavailableError);
    const privateJwk: JWK = { ...(await exportJWK(current.privateKey)), kid: current.kid, alg: 'RS256' };
    const leaky: JwksSource = { describe: 'leaky', load: async () => ({ keys: [privateJwk] }) };
    await expect(
      verify(await sign(canvasEventText(), current), cacheOn(leaky, c.now)),
    ).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it('reads a key set from a file', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    try {
      const path = join(dir, 'jwks.json');
      writeFileSync(path, JSON.stringify({ keys: [current.publicJwk] }));
      const event = await verify(await sign(canvasEventText(), current), cacheOn(fileJwksSource(path)));
      expect(event.kid).toBe('2026-09');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('attributesOf', () => {
  it('takes event_name and event_time from metadata, New Quizzes attributes, or a single Caliper event', () => {
    expect(attributesOf({ metadata: { event_name: 'a', event_time: 't' }, body: {} })).toEqual({
      event_name: 'a',
      event_time: 't',
    });
    expect(attributesOf({ attributes: { event_name: 'quiz_x' }, body: {} })).toEqual({
      event_name: 'quiz_x',
    });
    expect(attributesOf({ sensor: 's', data: [{ eventTime: '2026-09-01T00:00:00Z' }] })).toEqual({
      event_time: '2026-09-01T00:00:00Z',
    });
    expect(attributesOf({ sensor: 's', data: [{}, {}] })).toEqual({});
    expect(attributesOf({ metadata: { event_name: 42 } })).toEqual({});
    expect(attributesOf([1])).toEqual({});
  });
});

describe('removeTopLevelMembers', () => {
  it('removes exactly the named top-level members of any JSON object, keeping the others as written', () => {
    const claim = fc.constantFrom(...REGISTERED_CLAIMS);
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(claim, fc.jsonValue()),
        fc.boolean(),
        (event, claims, pretty) => {
          const merged = { ...claims, ...event, ...claims };
          const text = JSON.stringify(merged, null, pretty ? 2 : undefined);
          const result = removeTopLevelMembers(text, REGISTERED_CLAIMS);
          const expected = Object.fromEntries(
            Object.entries(merged).filter(([k]) => !REGISTERED_CLAIMS.has(k)),
          );
          expect(JSON.parse(result)).toEqual(JSON.parse(JSON.stringify(expected)));
          if (Object.keys(claims).length === 0) expect(result).toBe(text);
        },
      ),
    );
  });

  it('keeps big integers and escapes byte for byte', () => {
    const text = '{ "iat" : 1, "id" : 21070000000001005, "s":"a\\"}\\u00e9", "jti":"x" }';
    expect(removeTopLevelMembers(text, REGISTERED_CLAIMS)).toBe(
      '{"id" : 21070000000001005,"s":"a\\"}\\u00e9"}',
    );
  });
});
