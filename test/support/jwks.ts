import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, type CryptoKey, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';

/** An RSA signing key generated in the test, with its public JWK as Instructure would publish it. */
export interface TestKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeKey(kid: string, alg: 'RS256' | 'PS256' = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/**
 * Signs a payload text as Canvas does: a compact JWS whose payload is the event. The text is signed verbatim
 * (so a test controls its bytes: 17-digit ids as JSON numbers, key order, claims).
 */
export async function sign(
  payload: string | object,
  key: TestKey,
  header: Record<string, unknown> = {},
): Promise<string> {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new CompactSign(new TextEncoder().encode(text))
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

/** A JWKS endpoint on 127.0.0.1 (a free port): serves the current key set and counts requests. */
export interface JwksServer {
  readonly url: string;
  /** Keys served; replace to rotate. */
  keys: JWK[];
  /** When set, the server answers this status instead of the keys. */
  failWith: number | null;
  readonly hits: () => number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let hits = 0;
  const state: { keys: JWK[]; failWith: number | null } = { keys, failWith: null };
  const server: Server = createServer((_request, response) => {
    hits++;
    if (state.failWith !== null) {
      response.writeHead(state.failWith).end('unavailable');
      return;
    }
    const body: JSONWebKeySet = { keys: state.keys };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/main/jwks`,
    get keys() {
      return state.keys;
    },
    set keys(next: JWK[]) {
      state.keys = next;
    },
    get failWith() {
      return state.failWith;
    },
    set failWith(status: number | null) {
      state.failWith = status;
    },
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Canvas-format enrollment_created event as text, with a 17-digit global id sent as a JSON number. */
export function canvasEventText(overrides: { requestId?: string; extra?: string } = {}): string {
  return `{"metadata":{"event_name":"enrollment_created","event_time":"2026-09-01T14:03:07.123Z","root_account_id":"21070000000000001","user_id":"21070000000000042","developer_key_id":"170000000056","request_id":"${overrides.requestId ?? 'r-1'}","producer":"canvas"},"body":{"enrollment_id":21070000000001005,"course_id":"21070000000000565","user_id":"21070000000000099","type":"StudentEnrollment","workflow_state":"active","created_at":"2026-09-01T14:03:07Z","updated_at":"2026-09-01T14:03:07Z"${overrides.extra ?? ''}}}`;
}
