#!/usr/bin/env node
// The CDK app that `cdk synth` / `cdk deploy` run (see cdk.json).
import { buildApp } from '../lib/app.js';
import { StackConfigError } from '../lib/config.js';

try {
  buildApp();
} catch (error) {
  if (error instanceof StackConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
