import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { CliError, parseCliArgs } from './errors.js';
import { generateTerm } from './term.js';

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
  const text = `${generateTerm({ events, seed }).join('\n')}\n`;
  const body = values.out.endsWith('.gz') ? gzipSync(text) : text;
  try {
    await writeFile(values.out, body);
  } catch (error) {
    throw new CliError(
      `cannot write ${values.out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (values.json)
    process.stdout.write(`${JSON.stringify({ out: values.out, events, seed, bytes: body.length })}\n`);
  else process.stdout.write(`Wrote ${events} events (seed ${seed}) to ${values.out}\n`);
  return 0;
}
