#!/usr/bin/env node
// Entry point of the `canvas-lake` command-line tool: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
