import { type ParseArgsConfig, parseArgs } from 'node:util';

/** An error the user can act on: printed as one line, exit code 2 by default. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** node:util parseArgs (strict), with a bad option reported as a one-line CliError. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ strict: true, ...config });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}
