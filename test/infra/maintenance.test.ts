import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseStackConfig, StackConfigError } from '../../lib/config.js';
import { synthStack } from '../support/cdk.js';

const { template, stack } = synthStack({ maintenanceMaxConcurrency: 40 });

/** The state machine's definition as JSON, with every CloudFormation token replaced by a placeholder. */
function definition(): Record<string, unknown> {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const body = machine?.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text) as Record<string, unknown>;
}

const lakeId = stack.getLogicalId(stack.lake.bucket.node.defaultChild as never);
const restrictedId = stack.getLogicalId(stack.restricted.bucket.node.defaultChild as never);
const objectsUnder = (folder: string, bucketId = lakeId) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${folder}/*`]],
});

describe('lake maintenance', () => {
  it("fans work out with a Distributed Map over the plan step's JSONL work list, with bounded concurrency and a tolerated failure share", () => {
    const states = definition().States as Record<string, Record<string, unknown>>;
    expect(definition().StartAt).toBe('Plan');
    expect(states.Items).toMatchObject({
      Type: 'Map',
      Label: 'Items',
      MaxConcurrency: 40,
      ToleratedFailurePercentagePath: '$.plan.toleratedFailurePercentage',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Work' },
      ItemReader: {
        Resource: 'arn:TOKEN:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: 'TOKEN', 'Key.$': '$.plan.key' },
      },
      ItemSelector: {
        action: 'work',
        'stage.$': '$.plan.stage',
        'replay.$': '$.plan.replay',
        'item.$': '$$.Map.Item.Value',
      },
      ResultWriter: { Parameters: { Bucket: 'TOKEN', Prefix: 'maintenance/results' } },
      ResultPath: null,
    });
    // The work item is the function's event as the ItemSelector shaped it.
    const processor = states.Items?.ItemProcessor as
      | { States: Record<string, Record<string, unknown>> }
      | undefined;
    const work = processor?.States.Work;
    expect(work).toMatchObject({ Type: 'Task', End: true });
    expect(work).not.toHaveProperty('Parameters');
    // Plan → items? → map → next stage? → plan the next stage (replay) or done.
    expect(states.Plan).toMatchObject({
      Next: 'AnyItems?',
      ResultPath: '$.plan',
      Parameters: { action: 'plan', 'request.$': '$$.Execution.Input' },
    });
    expect(states['AnyItems?']).toMatchObject({
      Choices: [{ Variable: '$.plan.items', NumericGreaterThan: 0, Next: 'Items' }],
      Default: 'NextStage?',
    });
    expect(states.Items?.Next).toBe('NextStage?');
    expect(states['NextStage?']).toMatchObject({
      Choices: [{ Variable: '$.plan.next', IsNull: false, Next: 'PlanNextStage' }],
      Default: 'Done',
    });
    expect(states.PlanNextStage).toMatchObject({
      Next: 'AnyItems?',
      Parameters: { 'stage.$': '$.plan.next', 'replay.$': '$.plan.replay' },
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'canvas-lake-maintenance-prod',
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR' }),
    });
  });

  it('starts a compaction every day with EventBridge Scheduler', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { Ref: stack.getLogicalId(stack.maintenance.stateMachine.node.defaultChild as never) },
        Input: '{"action":"compact"}',
      }),
    });
  });

  it('runs one partition per call in a 15-minute arm64 function configured from the stack', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          LAKE_BUCKET: { Ref: lakeId },
          RESTRICTED_BUCKET: { Ref: restrictedId },
          COMPACTION_GRACE_DAYS: '2',
          COMPACTION_TARGET_MB: '256',
          REPLAY_LATENESS_DAYS: '28',
          COMPACTION_TOLERATED_FAILURE_PERCENT: '10',
          OUTPUT_FORMAT: 'parquet',
        }),
      },
    });
  });

  it('may delete only in tables/, quarantine/ and its own work folders, only read the raw archive, in the right buckets', () => {
    const role = stack.getLogicalId(stack.maintenance.role.node.defaultChild as never);
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const resourcesOf = (action: string) =>
      statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());
    expect(resourcesOf('s3:DeleteObject')).toEqual([
      objectsUnder('tables'),
      objectsUnder('maintenance'),
      objectsUnder('quarantine', restrictedId),
      objectsUnder('maintenance', restrictedId),
    ]);
    expect(resourcesOf('s3:GetObject')).toContainEqual(objectsUnder('raw', restrictedId));
    expect(resourcesOf('s3:PutObject')).not.toContainEqual(objectsUnder('raw', restrictedId));
    expect(resourcesOf('s3:PutObject')).toContainEqual(objectsUnder('costs'));
    // Nothing of the restricted folders in the lake bucket, nothing of the tables in the restricted one.
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      expect(resourcesOf(action)).not.toContainEqual(objectsUnder('raw'));
      expect(resourcesOf(action)).not.toContainEqual(objectsUnder('tables', restrictedId));
    }
    // The restricted bucket is SSE-KMS: reading raw/ and writing quarantine/ take its key.
    const keyId = stack.getLogicalId(stack.restricted.key.node.defaultChild as never);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      }),
    );
  });

  it('raises an alarm on the alarm topic for a failed execution and for every failed item', () => {
    const topic = stack.getLogicalId(stack.observability.topic.node.defaultChild as never);
    const [alarm] = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmActions: [{ Ref: topic }], Threshold: 0 },
      }),
    ).filter((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('ExecutionsFailed'));
    expect(alarm).toBeDefined();
    const metrics = alarm?.Properties.Metrics as {
      Id: string;
      MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: unknown }[] } };
    }[];
    const dimension = (id: string) =>
      JSON.stringify(metrics.find((m) => m.Id === id)?.MetricStat?.Metric.Dimensions[0]?.Value);
    expect(dimension('itf')).toContain('/Items');
    expect(dimension('rf')).not.toContain('/Items');
    expect(metrics.find((m) => m.Id === 'itf')?.MetricStat?.Metric.MetricName).toBe('ExecutionsFailed');
  });

  it('validates its configuration keys', () => {
    expect(parseStackConfig({})).toMatchObject({
      maintenanceSchedule: 'cron(0 3 * * ? *)',
      maintenanceGraceDays: 2,
      maintenanceMaxConcurrency: 20,
    });
    expect(() => parseStackConfig({ maintenanceSchedule: 'daily' })).toThrow(StackConfigError);
    expect(() => parseStackConfig({ maintenanceMemoryMb: 20_000 })).toThrow(/maintenanceMemoryMb/);
  });
});
