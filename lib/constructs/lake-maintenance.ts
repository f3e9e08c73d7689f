import { type CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { Prices } from '../../lambda/cost/prices.js';
import type { OutputFormat } from '../../lambda/lake/formats/index.js';
import { MAINTENANCE_ENTRY } from '../handler-bundle.js';
import { lakeFunction } from './lake-function.js';

export interface LakeMaintenanceProps {
  /** Event tables, cost records and maintenance's work lists. */
  readonly lakeBucket: s3.IBucket;
  /** raw/ and quarantine/: the raw archive replay reads, the quarantine it replaces (may be the lake bucket). */
  readonly restrictedBucket: s3.IBucket;
  /** The restricted bucket's KMS key, when it has one: maintenance decrypts raw/ and encrypts quarantine/ with it. */
  readonly restrictedKey?: kms.IKey;
  readonly prefix: string;
  readonly stage: string;
  readonly outputFormat: OutputFormat;
  readonly compression: string;
  readonly integrations: Readonly<Record<string, string>>;
  readonly prices: Prices;
  readonly memoryMb: number;
  readonly logRetentionDays: number;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  /** Items processed at once by the Distributed Map. */
  readonly maxConcurrency: number;
  /** EventBridge Scheduler expression of the daily compaction, e.g. `cron(0 3 * * ? *)` (UTC). */
  readonly schedule: string;
  readonly graceDays: number;
  readonly latenessDays: number;
  readonly targetFileMb: number;
  /** Share of a compaction run's partitions that may fail before the run stops. */
  readonly toleratedFailurePercent: number;
  /** Sends an alarm to the alarm topic (and lets CloudWatch publish it there): `Observability.notify`. */
  readonly notify: (alarm: cloudwatch.Alarm) => cloudwatch.Alarm;
}

/** The Distributed Map's label: its child executions' metrics carry `<state machine ARN>/<label>`. */
export const ITEMS_LABEL = 'Items';

const under = (prefix: string, folder: string) => (prefix === '' ? `${folder}/` : `${prefix}/${folder}/`);

/**
 * Lake maintenance on AWS: compaction every day, backfills and replays on demand, one engine.
 *
 * A Step Functions state machine plans a stage (the maintenance function lists the lake and writes a JSONL
 * work list), fans the work list out with a Distributed Map (one partition or raw date per invocation,
 * bounded concurrency, a tolerated failure share from the plan), then plans the next stage until there is
 * none. EventBridge Scheduler starts `{"action": "compact"}` daily; a CloudWatch alarm watches failed
 * executions and failed items. See docs/maintenance.md.
 */
export class LakeMaintenance extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LakeMaintenanceProps) {
    super(scope, id);
    // The Distributed Map writes its results with ResultWriterV2 (set here, before any child is created).
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const created = lakeFunction(this, {
      entry: MAINTENANCE_ENTRY,
      description:
        'Canvas Live Events lake maintenance: compaction and replay, one partition or raw date per call',
      roleDescription: 'canvas-live-events-lake maintenance function (compaction, replay)',
      memoryMb: props.memoryMb,
      // One partition per call; a larger partition than 15 minutes allow is split by compaction's target size.
      timeout: Duration.minutes(15),
      logRetentionDays: props.logRetentionDays,
      serviceName: props.serviceName,
      metricsNamespace: props.metricsNamespace,
      environment: {
        LAKE_BUCKET: props.lakeBucket.bucketName,
        RESTRICTED_BUCKET: props.restrictedBucket.bucketName,
        LAKE_PREFIX: props.prefix,
        OUTPUT_FORMAT: props.outputFormat,
        PARQUET_COMPRESSION: props.compression,
        INTEGRATIONS_JSON: JSON.stringify(props.integrations),
        PRICES_JSON: JSON.stringify(props.prices),
        COMPACTION_TARGET_MB: String(props.targetFileMb),
        COMPACTION_GRACE_DAYS: String(props.graceDays),
        REPLAY_LATENESS_DAYS: String(props.latenessDays),
        COMPACTION_TOLERATED_FAILURE_PERCENT: String(props.toleratedFailurePercent),
        MAINTENANCE_MEMORY_MB: String(props.memoryMb),
      },
    });
    this.role = created.role;
    this.function = created.function;
    this.grantLake(props);

    this.stateMachine = this.buildStateMachine(props);
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: 'Daily compaction of closed partitions of the Canvas Live Events lake',
      schedule: scheduler.ScheduleExpression.expression(props.schedule),
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ action: 'compact' }),
      }),
    });

    // A failed execution (a stage that could not be planned, a replay that stopped) and every failed item,
    // even one within the tolerated share, raise the alarm.
    const statesMetric = (metricName: string, arn: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/States',
        metricName,
        dimensionsMap: { StateMachineArn: arn },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    const itemsArn = `${this.stateMachine.stateMachineArn}/${ITEMS_LABEL}`;
    const failures = new cloudwatch.MathExpression({
      expression: 'FILL(rf, 0) + FILL(rt, 0) + FILL(ra, 0) + FILL(itf, 0) + FILL(itt, 0)',
      usingMetrics: {
        rf: statesMetric('ExecutionsFailed', this.stateMachine.stateMachineArn),
        rt: statesMetric('ExecutionsTimedOut', this.stateMachine.stateMachineArn),
        ra: statesMetric('ExecutionsAborted', this.stateMachine.stateMachineArn),
        itf: statesMetric('ExecutionsFailed', itemsArn),
        itt: statesMetric('ExecutionsTimedOut', itemsArn),
      },
      label: 'Failed maintenance executions and items',
      period: Duration.minutes(5),
    });
    this.alarm = new cloudwatch.Alarm(this, 'FailuresAlarm', {
      alarmDescription:
        "Lake maintenance failed: a compaction or replay execution, or one of its partitions or raw dates (see the state machine's Map Run and the maintenance function's logs). A failed partition keeps its files; the next run retries it.",
      metric: failures,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    props.notify(this.alarm);
  }

  /** Exactly what maintenance touches: tables/ and its own work under maintenance/, costs/ to add records, raw/ to read. */
  private grantLake(props: LakeMaintenanceProps): void {
    const lake = props.lakeBucket;
    const restricted = props.restrictedBucket;
    const tables = under(props.prefix, 'tables');
    const work = under(props.prefix, 'maintenance');
    const costs = under(props.prefix, 'costs');
    const raw = under(props.prefix, 'raw');
    const quarantine = under(props.prefix, 'quarantine');
    const statements = [
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [lake.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${tables}*`, `${work}*`] } },
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [lake.arnForObjects(`${tables}*`), lake.arnForObjects(`${work}*`)],
      }),
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [lake.arnForObjects(`${costs}*`)] }),
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [restricted.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${raw}*`, `${quarantine}*`, `${work}*`] } },
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [restricted.arnForObjects(`${raw}*`)],
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [restricted.arnForObjects(`${quarantine}*`), restricted.arnForObjects(`${work}*`)],
      }),
    ];
    if (props.restrictedKey) {
      statements.push(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.restrictedKey.keyArn],
        }),
      );
    }
    for (const statement of statements) this.role.addToPolicy(statement);
    const ids = new Set(
      [lake, restricted].map((b) => Stack.of(b).getLogicalId(b.node.defaultChild as CfnElement)),
    );
    for (const bucketId of ids) {
      for (const folder of [tables, work, costs, raw, quarantine]) {
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${folder}*]`,
          reason: `Maintenance reads, writes and deletes objects with generated names under ${folder} only (tables it compacts, its own work files, cost records, the raw archive it replays, the quarantine it replaces); a prefix is the narrowest grant that allows it.`,
        });
      }
    }
  }

  private buildStateMachine(props: LakeMaintenanceProps): sfn.StateMachine {
    const invoke = (id: string, payload?: sfn.TaskInput, resultPath?: string) =>
      new tasks.LambdaInvoke(this, id, {
        lambdaFunction: this.function,
        ...(payload ? { payload } : {}),
        payloadResponseOnly: true,
        retryOnServiceExceptions: true,
        ...(resultPath ? { resultPath } : {}),
      });
    const plan = invoke(
      'Plan',
      sfn.TaskInput.fromObject({
        action: 'plan',
        request: sfn.JsonPath.objectAt('$$.Execution.Input'),
        stage: null,
        replay: null,
      }),
      '$.plan',
    );
    const planNext = invoke(
      'PlanNextStage',
      sfn.TaskInput.fromObject({
        action: 'plan',
        request: sfn.JsonPath.objectAt('$$.Execution.Input'),
        stage: sfn.JsonPath.stringAt('$.plan.next'),
        replay: sfn.JsonPath.objectAt('$.plan.replay'),
      }),
      '$.plan',
    );
    const items = new sfn.DistributedMap(this, ITEMS_LABEL, {
      label: ITEMS_LABEL,
      comment: 'One maintenance function call per line of the work list: a partition or a raw date',
      mapExecutionType: sfn.StateMachineType.STANDARD,
      itemReader: new sfn.S3JsonLItemReader({
        bucket: props.lakeBucket,
        key: sfn.JsonPath.stringAt('$.plan.key'),
      }),
      itemSelector: {
        action: 'work',
        stage: sfn.JsonPath.stringAt('$.plan.stage'),
        replay: sfn.JsonPath.objectAt('$.plan.replay'),
        item: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      },
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentagePath: '$.plan.toleratedFailurePercentage',
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: props.lakeBucket,
        prefix: `${under(props.prefix, 'maintenance')}results`,
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    // The item, as the ItemSelector shaped it, is the function's event.
    items.itemProcessor(invoke('Work'));
    const nextStage = new sfn.Choice(this, 'NextStage?')
      .when(sfn.Condition.isNotNull('$.plan.next'), planNext)
      .otherwise(new sfn.Succeed(this, 'Done'));
    const anyItems = new sfn.Choice(this, 'AnyItems?')
      .when(sfn.Condition.numberGreaterThan('$.plan.items', 0), items.next(nextStage))
      .otherwise(nextStage);
    planNext.next(anyItems);

    const logGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `canvas-lake-maintenance-${props.stage}`,
      comment:
        'Canvas Live Events lake maintenance: {"action":"compact"} daily; backfills and {"action":"replay"} on demand',
      definitionBody: sfn.DefinitionBody.fromChainable(plan.next(anyItems)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      logs: { destination: logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
    });
    Validations.of(stateMachine).acknowledge(
      {
        id: 'AwsSolutions-SF1',
        reason:
          'Logs ERROR events only: ALL would log every item of a daily run and of a backfill over years of partitions; each item is logged by the maintenance function with its counts, and failures raise the alarm.',
      },
      {
        id: 'AwsSolutions-SF2',
        reason:
          'No request path to trace: a batch job whose steps are visible in the Map Run, the CloudWatch metrics and the function logs; X-Ray traces of every item would add cost without insight.',
      },
    );
    const functionId = Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnElement);
    const bucketId = Stack.of(props.lakeBucket).getLogicalId(
      props.lakeBucket.node.defaultChild as CfnElement,
    );
    const smId = Stack.of(this).getLogicalId(stateMachine.node.defaultChild as CfnElement);
    // cdk-nag names a finding by the policy's resource, with the stack's region and account as synthesized.
    const { region, account } = Stack.of(this);
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    const executions = `arn:<AWS::Partition>:states:${shown(region, 'AWS::Region')}:${shown(account, 'AWS::AccountId')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${smId}"}]}]}`;
    Validations.of(stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason:
          'Step Functions invokes the maintenance function by ARN with any version qualifier (the grant CDK writes for LambdaInvoke).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${bucketId}>/*]`,
        reason:
          "The Distributed Map's ItemReader reads the work list the plan step wrote under maintenance/plans/, whose key changes with every run (CDK's grant for an ItemReader with a key from the state input).",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Delivering state machine logs to CloudWatch Logs needs the log-delivery actions on *: they take no resource (CDK grant for state machine logging).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${executions}:*]`,
        reason:
          'The Distributed Map starts, describes and stops its own child executions, whose names it generates (CDK grant).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${executions}/${ITEMS_LABEL}:*]`,
        reason: 'The Distributed Map may redrive its own Map Run, whose id it generates (CDK grant).',
      },
    );
    return stateMachine;
  }
}
