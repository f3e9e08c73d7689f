import { readFileSync } from 'node:fs';
import { CliError } from './errors.js';

interface Command {
  readonly summary: string;
  readonly run: (args: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  generate: {
    summary: 'write a realistic synthetic term of Live Events (deterministic for a seed)',
    run: async (args) => (await import('./generate.js')).generateCommand(args),
  },
  queries: {
    summary: 'list the saved queries',
    run: async (args) => (await import('./query.js')).queriesCommand(args),
  },
  query: {
    summary: 'run a saved query or a .sql file on the local lake (DuckDB) or in Athena',
    run: async (args) => (await import('./query.js')).queryCommand(args),
  },
  ingest: {
    summary: 'feed event files through the ingest pipeline into a local lake folder',
    run: async (args) => (await import('./ingest.js')).ingestCommand(args),
  },
  serve: {
    summary: 'receive signed Live Events over HTTP(S), verify them, and write them into a local lake',
    run: async (args) => (await import('./serve.js')).serveCommand(args),
  },
  compact: {
    summary: 'compact closed partitions of a local lake: one file per (table, day), duplicates removed',
    run: async (args) => (await import('./compact.js')).compactCommand(args),
  },
  replay: {
    summary: "re-derive a local lake's tables and quarantine from its raw archive with today's contract",
    run: async (args) => (await import('./replay.js')).replayCommand(args),
  },
  demo: {
    summary: 'run the pipeline locally on sample events and print the enrollment provenance report',
    run: async (args) => (await import('./demo.js')).demo(args),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: canvas-lake <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'canvas-lake <command> --help for its options.',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs one command; returns the exit code. Errors a user can fix print one line, without a stack. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`canvas-lake: unknown command '${name}'. Run canvas-lake --help.\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`canvas-lake ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
