import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './errors.js';

/** node:util parseArgs (strict), with a bad option reported as a one-line CliError. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ strict: true, ...config });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}
