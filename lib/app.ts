import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CanvasLakeStack } from './canvas-lake-stack.js';
import { CONFIG_KEYS, parseStackConfig } from './config.js';

/** Reads this app's keys from the CDK context (cdk.json or -c key=value). */
export function contextOf(app: App): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = app.node.tryGetContext(key);
    if (value !== undefined) context[key] = value;
  }
  return context;
}

/** The whole CDK app: the validated configuration, the stack, and cdk-nag's AWS Solutions checks on every synth. */
export function buildApp(app: App = new App()): { app: App; stack: CanvasLakeStack } {
  const config = parseStackConfig(contextOf(app));
  const stack = new CanvasLakeStack(app, `CanvasLiveEventsLake-${config.stage}`, {
    config,
    description: 'Canvas Live Events → S3 data lake (canvas-live-events-lake)',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
