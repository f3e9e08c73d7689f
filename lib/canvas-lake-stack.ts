import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LAKE_PREFIXES } from '../lambda/lake/layout.js';
import { RESTRICTED_FOLDERS } from '../lambda/lake/routed-sink.js';
import { METRICS_NAMESPACE } from '../lambda/metrics.js';
import { QUERIES } from '../queries/registry.js';
import type { StackConfig } from './config.js';
import { AthenaQueries } from './constructs/athena-queries.js';
import { HttpsEndpoint } from './constructs/https-endpoint.js';
import { IngestFunction } from './constructs/ingest-function.js';
import { LakeAccess } from './constructs/lake-access.js';
import { LakeBucket } from './constructs/lake-bucket.js';
import { type LakeCatalog, LakeCatalogStack } from './constructs/lake-catalog.js';
import { LakeMaintenance } from './constructs/lake-maintenance.js';
import { LiveEventsQueue, MIN_DEAD_LETTER_DAYS_LEFT } from './constructs/live-events-queue.js';
import { Observability } from './constructs/observability.js';
import { RestrictedBucket } from './constructs/restricted-bucket.js';

export interface CanvasLakeStackProps extends StackProps {
  readonly config: StackConfig;
}

export { METRICS_NAMESPACE };

/** Wires the constructs: queue → function → lake bucket → Glue catalog → Athena, watched by the dashboard. */
export class CanvasLakeStack extends Stack {
  readonly queue: LiveEventsQueue;
  readonly lake: LakeBucket;
  /** raw/ and quarantine/: whole messages, with their own bucket, KMS key, Glue database and workgroup. */
  readonly restricted: RestrictedBucket;
  readonly ingest: IngestFunction;
  readonly catalog: LakeCatalog;
  readonly athena: AthenaQueries;
  readonly restrictedAthena: AthenaQueries;
  readonly access: LakeAccess;
  readonly observability: Observability;
  /** The HTTPS receiver, when `delivery` is https or both. */
  readonly https?: HttpsEndpoint;
  readonly maintenance: LakeMaintenance;

  constructor(scope: Construct, id: string, props: CanvasLakeStackProps) {
    super(scope, id, props);
    const c = props.config;
    const serviceName = `canvas-lake-${c.stage}`;
    const timeout = Duration.seconds(c.timeoutSeconds);
    const batchingWindow = Duration.seconds(c.batchingWindowSeconds);

    this.lake = new LakeBucket(this, 'Lake', {
      prefix: c.lakePrefix,
      ...(c.tableRetentionDays ? { tableRetentionDays: c.tableRetentionDays } : {}),
      athenaResultsRetentionDays: c.athenaResultsRetentionDays,
      retainData: c.retainData,
    });
    this.restricted = new RestrictedBucket(this, 'Restricted', {
      stage: c.stage,
      prefix: c.lakePrefix,
      logBucket: this.lake.logBucket,
      rawArchiveTransitionDays: c.rawArchiveTransitionDays,
      ...(c.rawArchiveRetentionDays ? { rawArchiveRetentionDays: c.rawArchiveRetentionDays } : {}),
      quarantineRetentionDays: c.quarantineRetentionDays,
      athenaResultsRetentionDays: c.athenaResultsRetentionDays,
      retainData: c.retainData,
    });
    this.queue = new LiveEventsQueue(this, 'LiveEvents', {
      queueName: c.queueName,
      // Instructure's account may send only when Canvas delivers to the queue itself.
      ...(c.delivery === 'https' ? {} : { senderPrincipal: c.instructurePrincipal }),
      maxReceiveCount: c.maxReceiveCount,
      retentionDays: c.queueRetentionDays,
      visibilityTimeout: Duration.seconds(6 * c.timeoutSeconds + c.batchingWindowSeconds),
    });
    this.ingest = new IngestFunction(this, 'Ingest', {
      memoryMb: c.memoryMb,
      timeout,
      logRetentionDays: c.logRetentionDays,
      serviceName,
      metricsNamespace: METRICS_NAMESPACE,
      outputFormat: c.outputFormat,
      compression: c.compression,
      integrations: c.integrations,
      prices: c.resolvedPrices,
    })
      .bindLake(this.lake.bucket, c.lakePrefix)
      .bindRestricted(this.restricted.bucket, this.restricted.key, c.lakePrefix)
      .bindQueue(this.queue.queue, {
        batchSize: c.batchSize,
        batchingWindow,
        maxConcurrency: c.maxConcurrency,
      });

    const databaseName = `canvas_lake_${c.stage.replace(/-/g, '_')}`;
    const restrictedDatabaseName = `${databaseName}_restricted`;
    const workGroupName = `canvas-lake-${c.stage}`;
    const restrictedWorkGroupName = `${workGroupName}-restricted`;
    this.catalog = new LakeCatalogStack(this, 'Catalog', {
      databaseName,
      restrictedDatabaseName,
      lake: this.lake,
      restricted: this.restricted,
      outputFormat: c.outputFormat,
      projectionStartDate: c.projectionStartDate,
    }).catalog;
    this.athena = new AthenaQueries(this, 'Athena', {
      workGroupName,
      description: 'Canvas Live Events lake: saved queries for admins, analysts and finance',
      databaseName,
      resultsBucket: this.lake.bucket,
      bytesScannedCutoffMb: c.athenaBytesScannedCutoffMb,
      queries: QUERIES.filter((q) => !q.restricted),
    });
    this.athena.node.addDependency(this.catalog);
    this.restrictedAthena = new AthenaQueries(this, 'RestrictedAthena', {
      workGroupName: restrictedWorkGroupName,
      description: 'Canvas Live Events lake: raw archive and quarantine (whole messages), for operators only',
      databaseName: restrictedDatabaseName,
      resultsBucket: this.restricted.bucket,
      resultsKey: this.restricted.key,
      bytesScannedCutoffMb: c.athenaBytesScannedCutoffMb,
      queries: QUERIES.filter((q) => q.restricted),
    });
    this.restrictedAthena.node.addDependency(this.catalog);
    this.access = new LakeAccess(this, 'Access', {
      analysts: {
        workGroupName,
        databaseName,
        bucket: this.lake.bucket,
        prefix: c.lakePrefix,
        folders: Object.values(LAKE_PREFIXES).filter((f) => !RESTRICTED_FOLDERS.includes(f)),
      },
      operators: {
        workGroupName: restrictedWorkGroupName,
        databaseName: restrictedDatabaseName,
        bucket: this.restricted.bucket,
        prefix: c.lakePrefix,
        folders: RESTRICTED_FOLDERS,
        key: this.restricted.key,
      },
    });
    this.observability = new Observability(this, 'Observability', {
      dashboardName: `canvas-live-events-lake-${c.stage}`,
      queue: this.queue.queue,
      deadLetterQueue: this.queue.deadLetterQueue,
      fn: this.ingest.function,
      metricsNamespace: METRICS_NAMESPACE,
      serviceName,
      queueAgeAlarmSeconds: c.queueAgeAlarmSeconds,
      quarantineRateAlarm: c.quarantineRateAlarm,
      deadLetterAgeAlarmDays: MIN_DEAD_LETTER_DAYS_LEFT / 2,
      ...(c.alarmEmail ? { alarmEmail: c.alarmEmail } : {}),
    });

    this.observability.watchAccessChanges(this.restricted.bucket, this.restricted.key);
    if (c.delivery !== 'sqs') {
      this.https = new HttpsEndpoint(this, 'Https', {
        queue: this.queue.queue,
        serviceName,
        metricsNamespace: METRICS_NAMESPACE,
        logRetentionDays: c.logRetentionDays,
        jwksUrl: c.httpsJwksUrl,
        issuers: c.httpsIssuers,
        clockToleranceSeconds: c.httpsClockToleranceSeconds,
        unsignedSecret: c.httpsUnsignedSecret,
        ...(c.httpsReservedConcurrency ? { reservedConcurrency: c.httpsReservedConcurrency } : {}),
        failureAlarmThreshold: c.httpsFailureAlarmThreshold,
        notify: (alarm) => this.observability.notify(alarm),
        dashboard: this.observability.dashboard,
      });
    }

    this.maintenance = new LakeMaintenance(this, 'Maintenance', {
      lakeBucket: this.lake.bucket,
      restrictedBucket: this.restricted.bucket,
      restrictedKey: this.restricted.key,
      prefix: c.lakePrefix,
      stage: c.stage,
      outputFormat: c.outputFormat,
      compression: c.compression,
      integrations: c.integrations,
      prices: c.resolvedPrices,
      memoryMb: c.maintenanceMemoryMb,
      logRetentionDays: c.logRetentionDays,
      serviceName,
      metricsNamespace: METRICS_NAMESPACE,
      maxConcurrency: c.maintenanceMaxConcurrency,
      schedule: c.maintenanceSchedule,
      graceDays: c.maintenanceGraceDays,
      latenessDays: c.maintenanceLatenessDays,
      targetFileMb: c.maintenanceTargetFileMb,
      toleratedFailurePercent: c.maintenanceToleratedFailurePercent,
      notify: (alarm) => this.observability.notify(alarm),
    });

    // Cost allocation tags on every resource (activate them in the Billing console to see them in Cost Explorer).
    Tags.of(this).add('project', 'canvas-live-events-lake');
    Tags.of(this).add('stage', c.stage);
    for (const [key, value] of Object.entries(c.tags)) Tags.of(this).add(key, value);

    new CfnOutput(this, 'QueueUrl', {
      value: this.queue.queue.queueUrl,
      description: 'Give this URL to Canvas Data Services',
    });
    new CfnOutput(this, 'QueueArn', { value: this.queue.queue.queueArn });
    new CfnOutput(this, 'LakeBucketName', { value: this.lake.bucket.bucketName });
    new CfnOutput(this, 'GlueDatabase', { value: databaseName });
    new CfnOutput(this, 'AthenaWorkGroup', { value: workGroupName });
    new CfnOutput(this, 'RestrictedBucketName', { value: this.restricted.bucket.bucketName });
    new CfnOutput(this, 'RestrictedGlueDatabase', { value: restrictedDatabaseName });
    new CfnOutput(this, 'RestrictedAthenaWorkGroup', { value: restrictedWorkGroupName });
    new CfnOutput(this, 'AnalystPolicyArn', {
      value: this.access.analystPolicy.managedPolicyArn,
      description: 'Attach to analysts: the event tables and costs, never the raw archive or quarantine',
    });
    new CfnOutput(this, 'OperatorPolicyArn', {
      value: this.access.operatorPolicy.managedPolicyArn,
      description: 'Attach to operators: the raw archive and quarantine (whole messages)',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queue.deadLetterQueue.queueUrl });
    if (this.https) {
      new CfnOutput(this, 'HttpsEndpointUrl', {
        value: this.https.url.url,
        description: 'Give this URL to Canvas Data Services (delivery method HTTPS, Sign Payload on)',
      });
      if (this.https.secret) {
        new CfnOutput(this, 'HttpsUnsignedSecretArn', {
          value: this.https.secret.secretArn,
          description: 'Unsigned test deliveries only: append ?secret=<the secret value> to the endpoint URL',
        });
      }
    }
    new CfnOutput(this, 'DashboardName', { value: `canvas-live-events-lake-${c.stage}` });
    new CfnOutput(this, 'MaintenanceStateMachineArn', {
      value: this.maintenance.stateMachine.stateMachineArn,
      description: 'Start a backfill or replay here (docs/maintenance.md)',
    });
  }
}
