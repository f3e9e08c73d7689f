// The optional `node22` / `node24` packages bring the Lambda Node.js runtimes for tests that must run on
// them. Each declares a `node` bin, which npm links into node_modules/.bin, where it would silently shadow
// the system Node for every npm script. This removes that link; the tests call the runtimes by path.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';

const link = new URL('../node_modules/.bin/node', import.meta.url);
try {
  if (lstatSync(link).isSymbolicLink() && /node2[0-9]/.test(readlinkSync(link))) rmSync(link);
} catch {
  // no link: nothing to do
}
