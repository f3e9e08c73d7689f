import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Newer Node.js binaries (the Lambda runtimes), installed from the npm registry as optional dependencies
 * (`node22`, `node24`: the official linux-x64 builds), so that tests can run code on them too.
 */
export function lambdaNode(version: 22 | 24): string {
  const path = fileURLToPath(new URL(`../../node_modules/node${version}/bin/node`, import.meta.url));
  if (!existsSync(path))
    throw new Error(`Node ${version} is not installed at ${path}: run npm ci on linux-x64`);
  return path;
}

export const TSX_LOADER = fileURLToPath(
  new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url),
);
