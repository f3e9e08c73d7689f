import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { parseCliArgs } from './args.js';
import { CliError } from './errors.js';
import { type TermOptions, termMessages } from './synthetic-term.js';

/**
 * Streams a synthetic term to a file, one message per line (gzip when the name ends in .gz), in bounded memory:
 * a million events is about 1.2 GB of text, more than one JavaScript string can hold. Returns the bytes written.
 */
export async function writeTerm(path: string, options: TermOptions): Promise<number> {
  let bytes = 0;
  const lines = Readable.from(
    (function* () {
      for (const message of termMessages(options)) yield `${message}\n`;
    })(),
  );
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  if (path.endsWith('.gz')) await pipeline(lines, createGzip(), count, createWriteStream(path));
  else await pipeline(lines, count, createWriteStream(path));
  return bytes;
}

export const GENERATE_USAGE = `Usage: canvas-lake generate --out <file.ndjson[.gz]> [--events n] [--seed s] [--json]

Writes a realistic synthetic term of Canvas Live Events, one SQS message body per line (deterministic for a seed).`;

export async function generateCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: {
      out: { type: 'string' },
      events: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '2026' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${GENERATE_USAGE}\n`);
    return 0;
  }
  if (!values.out) throw new CliError('missing --out <file>');
  const events = Number(values.events);
  const seed = Number(values.seed);
  if (!Number.isInteger(events) || events < 1 || events > 10_000_000)
    throw new CliError('--events must be an integer from 1 to 10000000');
  if (!Number.isInteger(seed)) throw new CliError('--seed must be an integer');
  let bytes: number;
  try {
    bytes = await writeTerm(values.out, { events, seed });
  } catch (error) {
    throw new CliError(
      `cannot write ${values.out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ out: values.out, events, seed, bytes })}\n`);
  else process.stdout.write(`Wrote ${events} events (seed ${seed}) to ${values.out}\n`);
  return 0;
}
