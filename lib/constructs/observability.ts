import { Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_METRICS } from '../../lambda/metrics.js';

export interface ObservabilityProps {
  readonly dashboardName: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly fn: lambda.IFunction;
  /** Namespace and service dimension of the EMF metrics the handler emits. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
  readonly queueAgeAlarmSeconds: number;
  readonly quarantineRateAlarm: number;
  /** Alarm when the oldest dead letter has waited this long (it has at least DLQ retention - queue retention - this left). */
  readonly deadLetterAgeAlarmDays: number;
  readonly alarmEmail?: string;
}

/**
 * What operators and finance watch: a dashboard (messages in, rows by table, quarantined, DLQ depth, age of the
 * oldest message, errors, duration, estimated cost per invocation and per day) and alarms on DLQ depth and age,
 * quarantine rate, function errors and queue age, published to an SNS topic (optionally emailed).
 *
 * The topic's policy lets CloudWatch publish for exactly the alarms given to `notify` (by ARN, from this
 * account), and EventBridge for exactly the rules this construct creates: without it AWS refuses the publish
 * ("no resource-based policy allows the SNS:Publish action") and every alarm is silent.
 */
export class Observability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly alarmArns: string[] = [];
  private readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const custom = (metricName: string, statistic: string, period = Duration.minutes(5)) =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic,
        period,
      });

    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Canvas Live Events lake alarms',
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states only. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key would add cost for no protected data.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const account = Stack.of(this).account;
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': Lazy.list({ produce: () => this.alarmArns }) },
        },
      }),
    );
    this.node.addValidation({
      validate: () => (this.alarmArns.length === 0 ? ['the alarm topic has no alarm to publish for'] : []),
    });

    const events = custom(INGEST_METRICS.events, 'Sum', Duration.minutes(15));
    const quarantined = custom(INGEST_METRICS.quarantined, 'Sum', Duration.minutes(15));
    const quarantineRate = new cloudwatch.MathExpression({
      expression: 'IF(events > 0, quarantined / events, 0)',
      usingMetrics: { events, quarantined },
      label: 'Quarantined share of events',
      period: Duration.minutes(15),
    });
    const alarm = (alarmId: string, a: cloudwatch.AlarmProps) =>
      this.notify(new cloudwatch.Alarm(this, alarmId, a));
    alarm('DeadLetterQueueAlarm', {
      alarmDescription: 'Messages reached the dead-letter queue: they failed every retry and need attention.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('DeadLetterAgeAlarm', {
      alarmDescription: `A dead letter has waited ${props.deadLetterAgeAlarmDays} days: SQS deletes it 14 days after Canvas sent it. Fix the cause and redrive the dead-letter queue (README, "Dead letters").`,
      metric: props.deadLetterQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: props.deadLetterAgeAlarmDays * 86_400,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('QuarantineRateAlarm', {
      alarmDescription: `More than ${props.quarantineRateAlarm * 100}% of events were quarantined in 15 minutes (see the quarantine_summary query).`,
      metric: quarantineRate,
      threshold: props.quarantineRateAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('FunctionErrorsAlarm', {
      alarmDescription: 'The ingest function failed (an invocation error, not a partial batch failure).',
      metric: props.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('QueueAgeAlarm', {
      alarmDescription: `The oldest Live Event has waited more than ${props.queueAgeAlarmSeconds} s in the queue: ingest is falling behind or stopped.`,
      metric: props.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: props.queueAgeAlarmSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const rowsByTable = new cloudwatch.MathExpression({
      expression: `SEARCH('{${props.metricsNamespace},service,Table} MetricName="${INGEST_METRICS.tableRows}" service="${props.serviceName}"', 'Sum', 300)`,
      label: '',
      period: Duration.minutes(5),
    });
    const costPerDay = custom(INGEST_METRICS.estimatedCostUsd, 'Sum', Duration.days(1));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Messages in (SQS) and events ingested',
            left: [
              props.queue.metricNumberOfMessagesReceived({ statistic: 'Sum' }),
              custom(INGEST_METRICS.events, 'Sum'),
              custom(INGEST_METRICS.rows, 'Sum'),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Rows by table',
            left: [rowsByTable],
            width: 12,
            stacked: true,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Quarantined and failed',
            left: [
              custom(INGEST_METRICS.quarantined, 'Sum'),
              custom(INGEST_METRICS.failedMessages, 'Sum'),
              custom(INGEST_METRICS.duplicates, 'Sum'),
            ],
            right: [quarantineRate],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Queue: dead letters and age of the oldest message',
            left: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' })],
            right: [props.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' })],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Function errors and duration',
            left: [
              props.fn.metricErrors({ statistic: 'Sum' }),
              props.fn.metricThrottles({ statistic: 'Sum' }),
            ],
            right: [
              props.fn.metricDuration({ statistic: 'Average' }),
              props.fn.metricDuration({ statistic: 'p99' }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Estimated cost (USD): per invocation and per day',
            left: [custom(INGEST_METRICS.estimatedCostUsd, 'Average')],
            right: [costPerDay],
            width: 12,
          }),
        ],
        [
          new cloudwatch.SingleValueWidget({
            title: 'Estimated cost, last 24 h (USD)',
            metrics: [custom(INGEST_METRICS.estimatedCostUsd, 'Sum', Duration.days(1))],
            width: 8,
          }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 16 }),
        ],
      ],
    });
  }

  /** Sends an alarm's ALARM and OK transitions to the topic, and lets CloudWatch publish them (by the alarm's ARN). */
  notify(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    this.alarmArns.push(alarm.alarmArn);
    return alarm;
  }

  /**
   * Notifies the topic when someone changes who may read the restricted bucket or its key: its policy, ACL,
   * public access block, ownership or encryption, or the key's policy, state or deletion. These are CloudTrail
   * management events, which EventBridge receives when the account has a trail (most have an organisation
   * trail); without one the rule never fires.
   */
  watchAccessChanges(bucket: s3.IBucket, key: kms.IKey): events.Rule {
    const rule = new events.Rule(this, 'RestrictedAccessChanged', {
      description: 'The restricted bucket (raw archive, quarantine) or its KMS key changed who may read it',
      eventPattern: {
        detailType: ['AWS API Call via CloudTrail'],
        source: ['aws.s3', 'aws.kms'],
        detail: {
          $or: [
            {
              eventSource: ['s3.amazonaws.com'],
              eventName: [
                'PutBucketPolicy',
                'DeleteBucketPolicy',
                'PutBucketAcl',
                'PutBucketPublicAccessBlock',
                'DeleteBucketPublicAccessBlock',
                'PutBucketOwnershipControls',
                'DeleteBucketOwnershipControls',
                'PutBucketEncryption',
                'DeleteBucketEncryption',
              ],
              requestParameters: { bucketName: [bucket.bucketName] },
            },
            {
              eventSource: ['kms.amazonaws.com'],
              eventName: ['PutKeyPolicy', 'DisableKey', 'ScheduleKeyDeletion', 'CreateGrant'],
              resources: { ARN: [key.keyArn] },
            },
          ],
        },
      },
    });
    // A target that only names the topic: the publish grant is the scoped statement below (the stock SnsTopic
    // target would add an unconditioned one for events.amazonaws.com).
    rule.addTarget({
      bind: () => ({
        arn: this.topic.topicArn,
        input: events.RuleTargetInput.fromText(
          `Restricted lake access changed: ${events.EventField.fromPath('$.detail.eventName')} by ${events.EventField.fromPath('$.detail.userIdentity.arn')} at ${events.EventField.time} (account ${events.EventField.account}, ${events.EventField.region}).`,
        ),
      }),
    });
    this.ruleArns.push(rule.ruleArn);
    if (this.ruleArns.length === 1) {
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'EventBridgeRulesPublish',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
            ArnEquals: { 'aws:SourceArn': Lazy.list({ produce: () => this.ruleArns }) },
          },
        }),
      );
    }
    return rule;
  }
}
