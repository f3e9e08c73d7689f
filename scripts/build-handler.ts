/**
 * Bundles the Lambda handler exactly as the CDK function does (lib/handler-bundle.ts) into dist/handler/.
 * `npm run build` runs it after the type check; the benchmark uses it to measure the bundle.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { HANDLER_BUNDLE, HANDLER_ENTRY } from '../lib/handler-bundle.js';

/**
 * Writes `<outdir>/index.mjs` (and its source map); returns the bundle's path and size in bytes. `entry` is the
 * ingest handler by default; the HTTPS receiver is bundled the same way.
 */
export async function buildHandlerBundle(
  outdir: string,
  entry: string = HANDLER_ENTRY,
): Promise<{ path: string; bytes: number }> {
  const path = join(outdir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: HANDLER_BUNDLE.format,
    target: HANDLER_BUNDLE.target,
    mainFields: [...HANDLER_BUNDLE.mainFields],
    external: [...HANDLER_BUNDLE.externalModules],
    minify: HANDLER_BUNDLE.minify,
    sourcemap: HANDLER_BUNDLE.sourceMap,
    sourcesContent: HANDLER_BUNDLE.sourcesContent,
    banner: { js: HANDLER_BUNDLE.banner },
    logLevel: 'silent',
  });
  return { path, bytes: statSync(path).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { path, bytes } = await buildHandlerBundle(
    fileURLToPath(new URL('../dist/handler/', import.meta.url)),
  );
  process.stdout.write(`${path}: ${(bytes / 1024).toFixed(0)} KB\n`);
}
