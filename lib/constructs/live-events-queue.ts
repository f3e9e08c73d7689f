import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The dead-letter queue keeps messages as long as SQS allows. */
export const DEAD_LETTER_RETENTION_DAYS = 14;
/** Days a dead-lettered message has at least before SQS deletes it: the time operators have to redrive it. */
export const MIN_DEAD_LETTER_DAYS_LEFT = 10;
/**
 * The longest the Live Events queue may keep a message. For a standard queue SQS counts a dead letter's
 * retention from its original enqueue time, not from when it was moved ("Setting-up dead-letter queue
 * retention", SQS Developer Guide), so a message dead-lettered at the end of the source queue's retention has
 * DEAD_LETTER_RETENTION_DAYS - queue retention days left.
 */
export const MAX_QUEUE_RETENTION_DAYS = DEAD_LETTER_RETENTION_DAYS - MIN_DEAD_LETTER_DAYS_LEFT;

export interface LiveEventsQueueProps {
  /** Must begin with `canvas-live-events`: Canvas Data Services refuses other queues. */
  readonly queueName: string;
  /** Account id or ARN allowed to send (Instructure's account by default); unset: no one outside the account. */
  readonly senderPrincipal?: string;
  /** Receives before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Visibility timeout: at least 6× the function timeout plus the batching window (AWS guidance for SQS sources). */
  readonly visibilityTimeout: Duration;
  /** Days the queue keeps a message, at most MAX_QUEUE_RETENTION_DAYS. */
  readonly retentionDays: number;
}

/**
 * The standard SQS queue Canvas delivers Live Events to, and its dead-letter queue.
 *
 * Encryption is SSE-SQS: with the AWS-managed KMS key (alias/aws/sqs) Instructure's account could not send,
 * since that key's policy cannot be changed to allow another account.
 */
export class LiveEventsQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: LiveEventsQueueProps) {
    super(scope, id);
    if (!props.queueName.startsWith('canvas-live-events')) {
      throw new Error(
        `queue name ${props.queueName} must begin with canvas-live-events (a Canvas Data Services rule)`,
      );
    }
    if (props.retentionDays > MAX_QUEUE_RETENTION_DAYS) {
      throw new Error(
        `queue retention ${props.retentionDays} days leaves a dead-lettered message less than ${MIN_DEAD_LETTER_DAYS_LEFT} days: at most ${MAX_QUEUE_RETENTION_DAYS}`,
      );
    }
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `${props.queueName}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This is the dead-letter queue of the Live Events queue; it has no dead-letter queue of its own.',
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(props.retentionDays),
      visibilityTimeout: props.visibilityTimeout,
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    const sender = props.senderPrincipal;
    if (sender !== undefined) {
      const principal = /^\d{12}$/.test(sender)
        ? new iam.AccountPrincipal(sender)
        : new iam.ArnPrincipal(sender);
      // Instructure documents one grant: its account may send messages. Nothing else (no receive, no delete).
      this.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CanvasLiveEventsSend',
          effect: iam.Effect.ALLOW,
          principals: [principal],
          actions: ['sqs:SendMessage'],
          resources: [this.queue.queueArn],
        }),
      );
    }
  }
}
