import { createServer, type Server } from 'node:http';

/** An S3 stand-in for timing only: accepts every PUT (and drains its body) with 200, as S3 does. */
export async function startFakeS3(): Promise<{
  endpoint: string;
  puts: () => number;
  close: () => Promise<void>;
}> {
  let puts = 0;
  const server: Server = createServer((request, response) => {
    request.on('data', () => undefined);
    request.on('end', () => {
      if (request.method === 'PUT') puts++;
      response.writeHead(200, { ETag: '"bench"', 'Content-Length': '0' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    puts: () => puts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
