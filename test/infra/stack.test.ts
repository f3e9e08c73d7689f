import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { DT_PARTITION, EVENT_TABLES } from '../../lambda/contract/columns.js';
import { PLAUSIBLE_EVENT_TIME } from '../../lambda/contract/time.js';
import {
  INVOCATION_COSTS_TABLE,
  LAKE_TABLES,
  QUARANTINE_TABLE,
  RAW_EVENTS_TABLE,
} from '../../lambda/lake/system-tables.js';
import { GLUE_TYPE } from '../../lib/constructs/lake-catalog.js';
import { QUERIES } from '../../queries/registry.js';
import { CONTEXTS, synthStack } from '../support/cdk.js';
import { Assembly, rolePolicies } from '../support/cfn.js';

const { app, stack, template, catalog } = synthStack(CONTEXTS.main);

/** Every other option changed from its default, in one synth (each test below checks its own). */
const configured = synthStack(CONTEXTS.configured);

describe('queue', () => {
  it('is a standard queue named canvas-live-events-*, SSE-SQS encrypted, kept 4 days, with a DLQ', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'canvas-live-events-prod',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 86_400,
      ReceiveMessageWaitTimeSeconds: 20,
      // 6 × the 120 s function timeout + the 300 s batching window
      VisibilityTimeout: 1020,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'canvas-live-events-prod-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.values(queues).every((q) => !('FifoQueue' in (q.Properties ?? {})))).toBe(true);
  });

  it('keeps dead letters 14 days (the SQS maximum), so a dead-lettered message always has 10 days left', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue')).map((q) => q.Properties);
    const source = queues.find((q) => q.QueueName === 'canvas-live-events-prod');
    const dlq = queues.find((q) => q.QueueName === 'canvas-live-events-prod-dlq');
    // For a standard queue SQS counts a dead letter's retention from its first enqueue: what is left in the
    // DLQ is at least its retention minus the longest a message can have spent in the source queue.
    expect(dlq.MessageRetentionPeriod).toBe(1_209_600);
    expect(dlq.MessageRetentionPeriod - source.MessageRetentionPeriod).toBeGreaterThanOrEqual(10 * 86_400);
    configured.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'canvas-live-events-prod',
      MessageRetentionPeriod: 2 * 86_400,
    });
  });

  it('alarms when a dead letter has waited 5 days, while it still has 5 days left', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) }],
      Threshold: 5 * 86_400,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmDescription: Match.stringLikeRegexp('redrive'),
    });
  });

  it("lets Instructure's account send, and nothing else, over TLS only", () => {
    const statements = Object.values(template.findResources('AWS::SQS::QueuePolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'CanvasLiveEventsSend',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: {
          AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::636161780776:root']] },
        },
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LiveEventsQueue/), 'Arn'] },
      },
    ]);
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toHaveLength(2); // queue and DLQ
    for (const deny of denies)
      expect(deny).toMatchObject({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('takes another principal from configuration', () => {
    configured.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { AWS: 'arn:aws:iam::123456789012:role/sender' } }),
        ]),
      },
    });
  });
});

describe('ingest function', () => {
  it('runs Node.js 24 on arm64 with JSON logs to an explicit log group, and its configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 120,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: Match.anyValue(), ApplicationLogLevel: 'INFO' },
      Environment: {
        Variables: Match.objectLike({
          LAKE_BUCKET: Match.anyValue(),
          LAKE_PREFIX: '',
          OUTPUT_FORMAT: 'parquet',
          PARQUET_COMPRESSION: 'snappy',
          INTEGRATIONS_JSON: '{"170000000056":"Registrar sync"}',
          POWERTOOLS_SERVICE_NAME: 'canvas-lake-prod',
          NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=32',
          PRICES_JSON: Match.stringLikeRegexp('"region":"us-east-1"'),
        }),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('consumes the queue with partial batch responses, the batch size, window and concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 300,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('may only write objects to the lake and its own logs', () => {
    const role = stack.getLogicalId(stack.ingest.role.node.defaultChild as never);
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    );
    expect(policies).toHaveLength(1);
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[],
    );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    // PutObject to the lake bucket (tables/, costs/) and the restricted one (raw/, quarantine/), with its key
    expect([...new Set(actions.filter((a) => a.startsWith('s3:')))]).toEqual(['s3:PutObject']);
    expect(actions.filter((a) => a.startsWith('kms:'))).toEqual(['kms:GenerateDataKey']);
    expect(actions.filter((a) => a.startsWith('logs:')).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(actions.filter((a) => a.startsWith('sqs:')).sort()).toEqual(
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ].sort(),
    );
  });

  it('applies the configured sizes', () => {
    const custom = configured;
    custom.template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048, Timeout: 300 });
    custom.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 10,
      ScalingConfig: { MaximumConcurrency: 20 },
    });
    custom.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'canvas-live-events-prod',
      VisibilityTimeout: 1810,
    });
  });
});

describe('lake bucket', () => {
  it('is private, encrypted, versioned, access-logged, TLS only, and kept when the stack is deleted', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'lake/' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('expires Athena results, maintenance work lists and old versions; raw and quarantine rules live on the restricted bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'lake/', DestinationBucketName: Match.anyValue() },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ Id: 'athena-results', Prefix: 'athena-results/', ExpirationInDays: 7 }),
          Match.objectLike({ Id: 'maintenance-plans', Prefix: 'maintenance/plans/', ExpirationInDays: 30 }),
          Match.objectLike({
            Id: 'maintenance-results',
            Prefix: 'maintenance/results/',
            ExpirationInDays: 30,
          }),
          Match.objectLike({ Id: 'old-versions', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'restricted/', DestinationBucketName: Match.anyValue() },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'raw-archive',
            Prefix: 'raw/',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
          Match.objectLike({ Id: 'quarantine', Prefix: 'quarantine/', ExpirationInDays: 365 }),
          Match.objectLike({ Id: 'athena-results', Prefix: 'athena-results/', ExpirationInDays: 7 }),
          Match.objectLike({ Id: 'old-versions', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ]),
      },
    });
  });

  it('applies configured retention under the lake prefix', () => {
    const custom = configured; // lakePrefix '/canvas/', normalised to canvas
    custom.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'restricted/' }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'raw-archive',
            Prefix: 'canvas/raw/',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 60 }],
            ExpirationInDays: 400,
          }),
          Match.objectLike({ Id: 'quarantine', Prefix: 'canvas/quarantine/', ExpirationInDays: 90 }),
          Match.objectLike({ Id: 'athena-results', ExpirationInDays: 3 }),
        ]),
      },
    });
    custom.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'lake/' }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'athena-results', ExpirationInDays: 3 }),
          Match.objectLike({ Id: 'tables-retention', Prefix: 'canvas/tables/', ExpirationInDays: 1825 }),
          Match.objectLike({ Id: 'costs-retention', Prefix: 'canvas/costs/', ExpirationInDays: 1825 }),
        ]),
      },
    });
  });
});

describe('lake prefix', () => {
  it('turns a prefix typed with slashes into clean IAM, lifecycle and Glue paths', () => {
    const typed = configured;
    const assembly = Assembly.of(typed.app);
    for (const file of assembly.files) {
      const text = readFileSync(join(assembly.directory, file), 'utf8');
      // no empty key segment anywhere: only URL schemes carry a double slash
      expect(text.replace(/(s3|https):\/\//g, ''), file).not.toContain('//');
    }
    const putResources = rolePolicies(assembly, {
      file: assembly.files[0] as string,
      logicalId: typed.stack.getLogicalId(typed.stack.ingest.role.node.defaultChild as CfnElement),
    })
      .flatMap(({ file, document }) =>
        (document.Statement as { Action: string; Resource: unknown }[])
          .filter((st) => st.Action === 's3:PutObject')
          .flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]))
          .map((r) => assembly.flatten(file, r).replace(/^<[^>]+>/, '')),
      )
      .sort();
    expect(putResources).toEqual([
      '/canvas/costs/*',
      '/canvas/quarantine/*',
      '/canvas/raw/*',
      '/canvas/tables/*',
    ]);
    const enrollments = Object.values(typed.catalog.findResources('AWS::Glue::Table')).find(
      (t) => t.Properties.TableInput.Name === 'enrollment_created',
    )?.Properties.TableInput;
    expect(JSON.stringify(enrollments.Parameters['storage.location.template'])).toContain(
      `/canvas/tables/enrollment_created/dt=\${dt}/`,
    );
    typed.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ LAKE_PREFIX: 'canvas' }) },
    });
  });
});

describe('Glue Data Catalog', () => {
  const tables = catalog.findResources('AWS::Glue::Table');
  const byName = new Map(
    Object.values(tables).map((t) => [t.Properties.TableInput.Name as string, t.Properties.TableInput]),
  );
  const inDatabase = (database: string) =>
    Object.values(tables)
      .filter((t) => t.Properties.DatabaseName === database)
      .map((t) => t.Properties.TableInput.Name as string)
      .sort();

  it('has one table per event type, other_events and the costs for analysts, generated from the column spec', () => {
    expect(inDatabase('canvas_lake_prod')).toEqual(
      [...EVENT_TABLES.map((t) => t.name), INVOCATION_COSTS_TABLE.name].sort(),
    );
    catalog.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'canvas_lake_prod' } });
  });

  it('keeps raw_events and quarantine in the restricted database', () => {
    expect(inDatabase('canvas_lake_prod_restricted')).toEqual(
      [RAW_EVENTS_TABLE.name, QUARANTINE_TABLE.name].sort(),
    );
    catalog.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'canvas_lake_prod_restricted' },
    });
    expect(Object.keys(tables)).toHaveLength(EVENT_TABLES.length + LAKE_TABLES.length);
  });

  it.each(EVENT_TABLES.map((t) => [t.name, t] as const))(
    '%s has the spec columns, comments and dt projection',
    (name, spec) => {
      const input = byName.get(name);
      expect(input.StorageDescriptor.Columns).toEqual(
        spec.columns.map((c) => ({ Name: c.name, Type: GLUE_TYPE[c.type], Comment: expect.any(String) })),
      );
      expect(input.StorageDescriptor.Columns[0].Comment).toBe(spec.columns[0]?.description);
      expect(input.PartitionKeys).toEqual([
        { Name: DT_PARTITION.name, Type: 'string', Comment: DT_PARTITION.description },
      ]);
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': '2000-01-01,NOW+1DAYS',
        'projection.dt.interval.unit': 'DAYS',
        classification: 'parquet',
      });
      expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain(
        `/tables/${name}/dt=\${dt}/`,
      );
      expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
    },
  );

  it('projects dt over every date the pipeline can write, in every table of both databases', () => {
    // PLAUSIBLE_EVENT_TIME: event times before earliestDate or more than a day after ingest are filed under the
    // ingest date; raw, quarantine and costs are filed under the ingest date. So every dt is in
    // [earliestDate, ingest day + 1], and NOW+1DAYS covers the pipeline's day and its allowed skew.
    expect(byName.size).toBe(EVENT_TABLES.length + LAKE_TABLES.length);
    for (const [name, input] of byName) {
      const [start = '', end] = String(input.Parameters['projection.dt.range']).split(',');
      expect(start, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(start <= PLAUSIBLE_EVENT_TIME.earliestDate, name).toBe(true);
      expect(end, name).toBe('NOW+1DAYS');
      expect(PLAUSIBLE_EVENT_TIME.maxFutureSkewMs).toBeLessThanOrEqual(86_400_000);
    }
  });

  it('reads the lake tables as JSON from raw/, quarantine/ and costs/', () => {
    for (const spec of LAKE_TABLES) {
      const input = byName.get(spec.name);
      expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        'org.openx.data.jsonserde.JsonSerDe',
      );
      expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain(
        `/${spec.folder}/dt=\${dt}/`,
      );
      expect(input.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual(
        spec.columns.map((c) => c.name),
      );
    }
  });

  it('switches event tables to the JSON SerDe when the output format is json', () => {
    const json = configured;
    const input = Object.values(json.catalog.findResources('AWS::Glue::Table')).find(
      (t) => t.Properties.TableInput.Name === 'enrollment_created',
    )?.Properties.TableInput;
    expect(input.Parameters.classification).toBe('json');
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
  });
});

describe('Athena', () => {
  it('has a workgroup with enforced settings, encrypted results and a scan limit', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'canvas-lake-prod',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10_240 * 1024 * 1024,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
  });

  it('saves every query of the registry, with its default date range as an Athena expression', () => {
    const named = Object.values(template.findResources('AWS::Athena::NamedQuery')).map((q) => q.Properties);
    expect(named.map((q) => q.Name).sort()).toEqual(QUERIES.map((q) => q.id).sort());
    for (const q of named) {
      const restricted = QUERIES.find((r) => r.id === q.Name)?.restricted === true;
      expect(q).toMatchObject(
        restricted
          ? { Database: 'canvas_lake_prod_restricted', WorkGroup: 'canvas-lake-prod-restricted' }
          : { Database: 'canvas_lake_prod', WorkGroup: 'canvas-lake-prod' },
      );
      expect(q.QueryString).not.toContain('{{');
    }
    const provenance = named.find((q) => q.Name === 'enrollment_provenance');
    expect(provenance?.QueryString).toContain(
      "dt BETWEEN date_format(current_date - INTERVAL '30' DAY, '%Y-%m-%d')",
    );
  });
});

describe('observability', () => {
  it('has a dashboard and alarms on DLQ depth and age, quarantine rate, function errors and queue age, to SNS and email', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // The observability construct's own alarms (lake maintenance adds one more, tested with it).
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => id.startsWith('Observability'))
      .map(([, a]) => a.Properties);
    expect(alarms).toHaveLength(5);
    for (const alarm of alarms)
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }]);
    expect(alarms.map((a) => a.MetricName ?? 'expression').sort()).toEqual(
      [
        'ApproximateAgeOfOldestMessage',
        'ApproximateAgeOfOldestMessage',
        'ApproximateNumberOfMessagesVisible',
        'Errors',
        'expression',
      ].sort(),
    );
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.edu',
    });
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of [
      'EstimatedCostUSD',
      'TableRows',
      'Quarantined',
      'NumberOfMessagesReceived',
      'ApproximateAgeOfOldestMessage',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('has no email subscription without alarmEmail', () => {
    configured.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('cost allocation tags and safety checks', () => {
  it('tags every taggable resource with project and stage, plus configured tags', () => {
    const tagged = configured.template;
    for (const type of ['AWS::SQS::Queue', 'AWS::S3::Bucket', 'AWS::Lambda::Function', 'AWS::SNS::Topic']) {
      for (const resource of Object.values(tagged.findResources(type))) {
        expect(resource.Properties.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'project', Value: 'canvas-live-events-lake' },
            { Key: 'stage', Value: 'prod' },
            { Key: 'cost-center', Value: 'IT-042' },
          ]),
        );
      }
    }
  });

  it('passes cdk-nag AwsSolutionsChecks, every acknowledged finding with a reason', () => {
    // Synth runs the checks and throws on any finding not acknowledged (the next test proves it does).
    expect(() => app.synth({ force: true })).not.toThrow();
    // What is acknowledged, where, and why: a new acknowledgement must be added here on purpose.
    const acknowledged: Record<string, Set<string>> = {};
    const reasons: string[] = [];
    for (const construct of app.node.findAll())
      for (const entry of construct.node.metadata)
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
            const rule = /^Annotation::(AwsSolutions-[A-Z]+\d+)/.exec(key)?.[1] ?? key;
            const path = construct.node.path.split('/').slice(1).join('/');
            const paths = acknowledged[rule] ?? new Set<string>();
            paths.add(path);
            acknowledged[rule] = paths;
            reasons.push(reason);
          }
    expect(
      Object.fromEntries(Object.entries(acknowledged).map(([rule, paths]) => [rule, [...paths].sort()])),
    ).toEqual({
      'AwsSolutions-S1': ['Lake/AccessLogs'],
      'AwsSolutions-SQS3': ['LiveEvents/DeadLetterQueue'],
      'AwsSolutions-SNS2': ['Observability/AlarmTopic'],
      'AwsSolutions-SF1': ['Maintenance/StateMachine'],
      'AwsSolutions-SF2': ['Maintenance/StateMachine'],
      'AwsSolutions-IAM5': [
        'Access/AnalystPolicy',
        'Access/OperatorPolicy',
        'Ingest/Role',
        'Maintenance/Role',
        'Maintenance/StateMachine',
      ],
    });
    expect(reasons.length).toBeGreaterThanOrEqual(30);
    for (const reason of reasons) expect(reason.length, reason).toBeGreaterThanOrEqual(60);
  });

  it('fails synth on an unacknowledged cdk-nag finding', () => {
    const bad = synthStack({ stage: 'nagtest' }, { fresh: true });
    new s3.Bucket(Stack.of(bad.stack), 'UnprotectedBucket');
    expect(() => bad.app.synth({ force: true })).toThrow(/ERROR The S3 Bucket/);
  });
});
