import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadReceiverConfig } from '../../lambda/https/config.js';
import { INSTRUCTURE_JWKS_URL } from '../../lambda/https/jwks.js';
import {
  HTTPS_METRICS,
  INGEST_METRICS,
  MAINTENANCE_METRICS,
  METRICS_NAMESPACE,
} from '../../lambda/metrics.js';
import { buildApp } from '../../lib/app.js';
import { parseStackConfig } from '../../lib/config.js';

/**
 * One synth per `delivery` value, bundling off (the real bundle is built by `cdk synth` in synth.test.ts and by
 * test/https/bundle.test.ts). `app.synth()` runs cdk-nag's AwsSolutions checks and throws on any finding that is
 * not acknowledged with a reason, so a successful synth is the cdk-nag assertion.
 */
function synth(context: Record<string, unknown>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack } = buildApp(app);
  const assembly = app.synth();
  return { stack, template: Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template) };
}

const sqsOnly = synth({});
const httpsOnly = synth({ delivery: 'https' });
const both = synth({
  delivery: 'both',
  httpsUnsignedSecret: 'true',
  httpsReservedConcurrency: '20',
  httpsIssuers: 'https://live-events.canvas.instructure.com, https://example.instructure.com',
  httpsJwksUrl: 'https://keys.example.edu/jwks',
  httpsClockToleranceSeconds: '30',
  httpsFailureAlarmThreshold: '10',
});

/** The receiver: the function whose environment names the queue. */
function receiver(template: Template) {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: Match.objectLike({ QUEUE_URL: Match.anyValue() }) } },
  });
  return Object.entries(functions);
}

const statementsOf = (template: Template, roleLogicalId: string) =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleLogicalId))
    .flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );

const queueAllows = (template: Template) =>
  Object.values(template.findResources('AWS::SQS::QueuePolicy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Effect: string; Action: string }[])
    .filter((s) => s.Effect === 'Allow');

describe('delivery configuration', () => {
  it('defaults to sqs and accepts https and both, as context strings or values', () => {
    expect(parseStackConfig({}).delivery).toBe('sqs');
    expect(parseStackConfig({ delivery: 'https' }).delivery).toBe('https');
    expect(parseStackConfig({ delivery: 'both' })).toMatchObject({
      delivery: 'both',
      httpsJwksUrl: INSTRUCTURE_JWKS_URL,
      httpsIssuers: [],
      httpsClockToleranceSeconds: 60,
      httpsUnsignedSecret: false,
      httpsFailureAlarmThreshold: 50,
    });
    expect(parseStackConfig({ httpsIssuers: 'a, b,,' }).httpsIssuers).toEqual(['a', 'b']);
    expect(parseStackConfig({ httpsIssuers: ['a', 'b'] }).httpsIssuers).toEqual(['a', 'b']);
    expect(parseStackConfig({ httpsUnsignedSecret: 'true' }).httpsUnsignedSecret).toBe(true);
  });

  it('names every bad value', () => {
    expect(() => parseStackConfig({ delivery: 'webhook' })).toThrow(/delivery: Invalid option/);
    expect(() => parseStackConfig({ httpsJwksUrl: 'http://keys.example.edu/jwks' })).toThrow(
      /httpsJwksUrl: must be an https URL/,
    );
    expect(() => parseStackConfig({ httpsClockToleranceSeconds: '-1' })).toThrow(
      /httpsClockToleranceSeconds/,
    );
    expect(() => parseStackConfig({ httpsReservedConcurrency: '0' })).toThrow(/httpsReservedConcurrency/);
    expect(() => parseStackConfig({ httpsUnsignedSecret: 'yes' })).toThrow(/httpsUnsignedSecret/);
  });

  it('reads the receiver environment and refuses a bad one with every problem named', () => {
    expect(loadReceiverConfig({ QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/q' })).toEqual({
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q',
      jwksUrl: INSTRUCTURE_JWKS_URL,
      issuers: [],
      clockToleranceSeconds: 60,
    });
    expect(() =>
      loadReceiverConfig({
        JWKS_URL: 'http://keys.example.edu/jwks',
        CLOCK_TOLERANCE_SECONDS: 'soon',
        UNSIGNED_SECRET_ARN: 'my-secret',
      }),
    ).toThrow(
      'Invalid HTTPS receiver configuration: QUEUE_URL must be the queue URL; JWKS_URL must be an https URL; CLOCK_TOLERANCE_SECONDS must be an integer from 0 to 3600; UNSIGNED_SECRET_ARN must be a Secrets Manager secret ARN',
    );
    // A test's key server on the loopback address is allowed over http.
    expect(
      loadReceiverConfig({ QUEUE_URL: 'http://127.0.0.1:5000/1/q', JWKS_URL: 'http://127.0.0.1:8000/jwks' })
        .jwksUrl,
    ).toBe('http://127.0.0.1:8000/jwks');
  });
});

describe('delivery=sqs (the default)', () => {
  it('has no HTTPS endpoint, and lets Instructure send to the queue', () => {
    sqsOnly.template.resourceCountIs('AWS::Lambda::Url', 0);
    expect(receiver(sqsOnly.template)).toEqual([]);
    expect(queueAllows(sqsOnly.template)).toHaveLength(1);
    expect(Object.keys(sqsOnly.template.findOutputs('HttpsEndpointUrl'))).toEqual([]);
  });
});

describe('delivery=https', () => {
  const { template } = httpsOnly;

  it('exposes the receiver as a public Lambda Function URL (not API Gateway)', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'BUFFERED' });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
    });
    template.hasOutput('HttpsEndpointUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpsFunctionFunctionUrl'), 'FunctionUrl'] },
    });
  });

  it('runs Node.js 24 on arm64, answers within Canvas’s 15 s, and is configured for the queue and the keys', () => {
    const [[, fn]] = receiver(template) as [[string, { Properties: Record<string, unknown> }]];
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 10,
      MemorySize: 256,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
      Environment: {
        Variables: {
          QUEUE_URL: { Ref: expect.stringMatching(/^LiveEventsQueue/) },
          JWKS_URL: INSTRUCTURE_JWKS_URL,
          JWT_ISSUERS: '',
          CLOCK_TOLERANCE_SECONDS: '60',
          POWERTOOLS_METRICS_NAMESPACE: 'CanvasLiveEventsLake',
          POWERTOOLS_SERVICE_NAME: 'canvas-lake-prod',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it('gives the receiver only sqs:SendMessage on the Live Events queue, and its own logs', () => {
    const [[, fn]] = receiver(template) as [[string, { Properties: { Role: { 'Fn::GetAtt': [string] } } }]];
    const statements = statementsOf(template, fn.Properties.Role['Fn::GetAtt'][0]);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^HttpsLogs/), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LiveEventsQueue/), 'Arn'] },
      },
    ]);
  });

  it('no longer lets Instructure’s account send to the queue', () => {
    expect(queueAllows(template)).toEqual([]);
  });

  it('alarms on refusals and failures, to the existing alarm topic', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topic).toHaveLength(1);
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmDescription: Match.stringLikeRegexp('HTTPS deliveries') },
      }),
    );
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0]?.Properties as Record<string, unknown>;
    expect(alarm).toMatchObject({
      Threshold: 50,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic[0] }],
      OKActions: [{ Ref: topic[0] }],
    });
    const metrics = JSON.stringify(alarm.Metrics);
    for (const name of ['HttpsUnauthorized', 'HttpsServerError', 'Errors', 'Throttles'])
      expect(metrics).toContain(`"MetricName":"${name}"`);
    expect(metrics).toContain('"Namespace":"CanvasLiveEventsLake"');
    expect(metrics).toContain('"Value":"canvas-lake-prod"');
  });

  it('adds the HTTPS outcomes to the dashboard', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('HTTPS deliveries by outcome');
    for (const name of [
      'HttpsAccepted',
      'HttpsUnauthorized',
      'HttpsTooLarge',
      'HttpsBadRequest',
      'HttpsServerError',
    ])
      expect(body).toContain(name);
  });

  it('creates no secret while unsigned deliveries are off', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });
});

describe('delivery=both, with unsigned test deliveries and the other options', () => {
  const { template } = both;

  it('keeps the SQS grant for Instructure and adds the endpoint', () => {
    expect(queueAllows(template)).toHaveLength(1);
    template.resourceCountIs('AWS::Lambda::Url', 1);
  });

  it('passes the options to the receiver', () => {
    const [[, fn]] = receiver(template) as [[string, { Properties: Record<string, unknown> }]];
    expect(fn.Properties).toMatchObject({
      ReservedConcurrentExecutions: 20,
      Environment: {
        Variables: {
          JWKS_URL: 'https://keys.example.edu/jwks',
          JWT_ISSUERS: 'https://live-events.canvas.instructure.com,https://example.instructure.com',
          CLOCK_TOLERANCE_SECONDS: '30',
          UNSIGNED_SECRET_ARN: { Ref: expect.stringMatching(/^HttpsUnsignedDeliverySecret/) },
        },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('HTTPS deliveries'),
      Threshold: 10,
    });
  });

  it('generates the shared secret in Secrets Manager (never in the template) and lets only the receiver read it', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.values(secrets)).toHaveLength(1);
    const [secretId, secret] = Object.entries(secrets)[0] as [
      string,
      { Properties: Record<string, unknown> },
    ];
    expect(secret.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    expect(secret.Properties).not.toHaveProperty('SecretString');
    const [[, fn]] = receiver(template) as [[string, { Properties: { Role: { 'Fn::GetAtt': [string] } } }]];
    const statements = statementsOf(template, fn.Properties.Role['Fn::GetAtt'][0]);
    expect(statements.flatMap((s) => s.Action).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
    ]);
    expect(statements.find((s) => s.Action === 'secretsmanager:GetSecretValue')?.Resource).toEqual({
      Ref: secretId,
    });
    template.hasOutput('HttpsUnsignedSecretArn', { Value: { Ref: secretId } });
  });
});

describe('metric names', () => {
  it('every metric an alarm or the dashboard reads in the project namespace is one a function publishes', () => {
    const published = new Set<string>([
      ...Object.values(INGEST_METRICS),
      ...Object.values(MAINTENANCE_METRICS),
      ...Object.values(HTTPS_METRICS),
    ]);
    const read = new Set<string>();
    const alarms = both.template.findResources('AWS::CloudWatch::Alarm');
    for (const alarm of Object.values(alarms)) {
      const p = alarm.Properties as Record<string, unknown>;
      if (p.Namespace === METRICS_NAMESPACE) read.add(p.MetricName as string);
      for (const m of (p.Metrics ?? []) as {
        MetricStat?: { Metric: { Namespace: string; MetricName: string } };
      }[])
        if (m.MetricStat?.Metric.Namespace === METRICS_NAMESPACE) read.add(m.MetricStat.Metric.MetricName);
    }
    // Dashboard widgets list metrics as ["<namespace>","<name>",...], or name them in a SEARCH expression.
    const body = JSON.stringify(both.template.findResources('AWS::CloudWatch::Dashboard'));
    for (const match of body.matchAll(/\\"CanvasLiveEventsLake\\",\\"(\w+)\\"/g))
      read.add(match[1] as string);
    for (const match of body.matchAll(/MetricName=\\+"(\w+)\\+"/g)) read.add(match[1] as string);
    expect(read.size).toBeGreaterThanOrEqual(10);
    expect([...read].filter((name) => !published.has(name))).toEqual([]);
  });
});
