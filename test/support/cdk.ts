import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app.js';
import type { CanvasLakeStack } from '../../lib/canvas-lake-stack.js';

/** Builds the app with the given context, without bundling the function (one dedicated test bundles for real). */
export function synthStack(context: Record<string, unknown> = {}): {
  app: App;
  stack: CanvasLakeStack;
  template: Template;
  catalog: Template;
} {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack } = buildApp(app);
  const catalogStack = stack.catalog.node.scope as CanvasLakeStack;
  return { app, stack, template: Template.fromStack(stack), catalog: Template.fromStack(catalogStack) };
}
