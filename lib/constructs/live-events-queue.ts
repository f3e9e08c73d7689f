import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface LiveEventsQueueProps {
  /** Must begin with `canvas-live-events`: Canvas Data Services refuses other queues. */
  readonly queueName: string;
  /** Account id or ARN allowed to send (Instructure's account by default); unset: no one outside the account. */
  readonly senderPrincipal?: string;
  /** Receives before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Visibility timeout: at least 6× the function timeout plus the batching window (AWS guidance for SQS sources). */
  readonly visibilityTimeout: Duration;
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
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `${props.queueName}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
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
      retentionPeriod: Duration.days(14),
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
