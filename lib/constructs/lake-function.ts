import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { HANDLER_BUNDLE, HANDLER_NODE_OPTIONS } from '../handler-bundle.js';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LakeFunctionProps {
  /** The handler module (`lambda/…`), bundled by esbuild locally. */
  readonly entry: string;
  readonly description: string;
  readonly roleDescription: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly logRetentionDays: number;
  /** POWERTOOLS_SERVICE_NAME: the `service` dimension of every metric. */
  readonly serviceName: string;
  readonly metricsNamespace: string;
  /** NODE_OPTIONS (default: the ingest handler's, see handler-bundle.ts). */
  readonly nodeOptions?: string;
  /** The function's own settings, after NODE_OPTIONS and the Powertools ones. */
  readonly environment: Readonly<Record<string, string>>;
  readonly reservedConcurrency?: number;
}

export interface LakeFunction {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * The project's Lambda functions, their defaults fixed once: Node.js 24 on arm64, JSON logs to an explicit log
 * group with retention, an explicit role allowed only to write that log group (the caller grants the rest), an
 * ESM bundle built locally by esbuild (no Docker), minified with source maps. Creates `Logs`, `Role` and
 * `Function` directly in `scope`, so each construct's logical ids are its own.
 */
export function lakeFunction(scope: Construct, props: LakeFunctionProps): LakeFunction {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: props.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  const fn = new nodejs.NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: props.entry,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memoryMb,
    timeout: props.timeout,
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
    systemLogLevelV2: lambda.SystemLogLevel.WARN,
    ...(props.reservedConcurrency !== undefined
      ? { reservedConcurrentExecutions: props.reservedConcurrency }
      : {}),
    environment: {
      NODE_OPTIONS: props.nodeOptions ?? HANDLER_NODE_OPTIONS,
      POWERTOOLS_SERVICE_NAME: props.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
      ...props.environment,
    },
    bundling: {
      ...HANDLER_BUNDLE,
      format: nodejs.OutputFormat.ESM,
      mainFields: [...HANDLER_BUNDLE.mainFields],
      externalModules: [...HANDLER_BUNDLE.externalModules],
      forceDockerBundling: false,
    },
  });
  return { function: fn, role, logGroup };
}
