import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app.js';
import type { CanvasLakeStack } from '../../lib/canvas-lake-stack.js';

export interface Synthesized {
  app: App;
  stack: CanvasLakeStack;
  template: Template;
  catalog: Template;
}

/**
 * The configurations most infrastructure tests read (each test checks its own aspect): a synth takes about a
 * second warm, four cold, and test files of one worker share these through `synthStack`'s cache.
 */
export const CONTEXTS = {
  /** An operator's typical deployment: alarm email, one named integration. */
  main: { alarmEmail: 'ops@example.edu', integrations: { '170000000056': 'Registrar sync' } },
  /** Every sizing, retention and naming option away from its default. */
  configured: {
    queueRetentionDays: '2',
    instructurePrincipal: 'arn:aws:iam::123456789012:role/sender',
    memoryMb: '2048',
    timeoutSeconds: '300',
    batchSize: '500',
    batchingWindowSeconds: '10',
    maxConcurrency: '20',
    lakePrefix: '/canvas/',
    rawArchiveTransitionDays: '60',
    rawArchiveRetentionDays: '400',
    quarantineRetentionDays: '90',
    tableRetentionDays: '1825',
    athenaResultsRetentionDays: '3',
    outputFormat: 'json',
    tags: '{"cost-center":"IT-042"}',
  },
  /** Data deleted with the stack (the auto-delete custom resource), both deliveries, alarm email and expiries. */
  deletable: {
    delivery: 'both',
    alarmEmail: 'ops@example.edu',
    lakePrefix: 'canvas',
    rawArchiveRetentionDays: '400',
    tableRetentionDays: '1825',
    retainData: 'false',
  },
} as const satisfies Record<string, Record<string, unknown>>;

const cache = new Map<string, Synthesized>();

/**
 * Builds the app with the given context, without bundling the function (one dedicated test bundles for real).
 * Results are cached by context: a test that adds constructs to the app must ask for a `fresh` one.
 */
export function synthStack(
  context: Record<string, unknown> = {},
  options: { fresh?: boolean } = {},
): Synthesized {
  const key = JSON.stringify(context);
  const cached = options.fresh ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack } = buildApp(app);
  const catalogStack = stack.catalog.node.scope as CanvasLakeStack;
  const result = {
    app,
    stack,
    template: Template.fromStack(stack),
    catalog: Template.fromStack(catalogStack),
  };
  if (!options.fresh) cache.set(key, result);
  return result;
}
