import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** What the stand-in does with one PUT: store it, throttle it (503 SlowDown), deny it, or never answer. */
export type PutBehaviour = 'ok' | 'slowdown' | 'denied' | 'hang';

export interface FaultS3 {
  readonly endpoint: string;
  /** Stored objects by key (the bucket name removed). */
  readonly objects: Map<string, Buffer>;
  /** Every PUT attempt, in order, with what was done. */
  readonly attempts: { key: string; behaviour: PutBehaviour }[];
  /** The gunzipped NDJSON records of every stored `.gz` object whose key starts with `prefix`. */
  records(prefix: string): Record<string, unknown>[];
  close(): Promise<void>;
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault</RequestId></Error>`;
}

/**
 * An S3 stand-in on 127.0.0.1 whose answer to each PUT is scripted (`behaviour(key, attempt)`, attempt counting
 * from 1 per key): the faults real S3 shows under load, which moto cannot produce on demand.
 */
export async function startFaultS3(
  behaviour: (key: string, attempt: number) => PutBehaviour,
): Promise<FaultS3> {
  const objects = new Map<string, Buffer>();
  const attempts: { key: string; behaviour: PutBehaviour }[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = decodeURIComponent((request.url ?? '/').split('?')[0] as string);
      const key = path.split('/').slice(2).join('/');
      if (request.method !== 'PUT') {
        response.writeHead(405).end();
        return;
      }
      const attempt = (counts.get(key) ?? 0) + 1;
      counts.set(key, attempt);
      const what = behaviour(key, attempt);
      attempts.push({ key, behaviour: what });
      if (what === 'hang') return;
      if (what === 'slowdown') {
        response
          .writeHead(503, { 'Content-Type': 'application/xml' })
          .end(errorXml('SlowDown', 'Please reduce your request rate.'));
        return;
      }
      if (what === 'denied') {
        response
          .writeHead(403, { 'Content-Type': 'application/xml' })
          .end(errorXml('AccessDenied', 'Access Denied'));
        return;
      }
      objects.set(key, Buffer.concat(chunks));
      response.writeHead(200, { ETag: '"fault"', 'Content-Length': '0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    attempts,
    records: (prefix) =>
      [...objects]
        .filter(([key]) => key.startsWith(prefix) && key.endsWith('.gz'))
        .flatMap(([, body]) =>
          gunzipSync(body)
            .toString('utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        ),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
