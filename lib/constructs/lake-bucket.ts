import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';

export interface LakeBucketProps {
  readonly prefix: string;
  readonly rawArchiveTransitionDays: number;
  readonly rawArchiveRetentionDays?: number;
  readonly tableRetentionDays?: number;
  readonly quarantineRetentionDays: number;
  readonly athenaResultsRetentionDays: number;
  readonly retainData: boolean;
}

/** Folder of Athena query results in the lake bucket. */
export const ATHENA_RESULTS_FOLDER = 'athena-results';

const under = (prefix: string, folder: string) => (prefix === '' ? `${folder}/` : `${prefix}/${folder}/`);

/**
 * The lake bucket (private, encrypted, versioned, TLS only, access-logged) and its access log bucket.
 * Lifecycle: the raw archive moves to Standard-IA after N days and may expire; Athena results expire;
 * old object versions (a retried batch overwriting its file) expire after 30 days.
 */
export class LakeBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: LakeBucketProps) {
    super(scope, id);
    this.prefix = props.prefix;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects: !props.retainData,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the lake bucket access logs; logging it to itself would loop.',
    });

    const rules: s3.LifecycleRule[] = [
      {
        id: 'raw-archive',
        prefix: under(props.prefix, LAKE_PREFIXES.raw),
        transitions: [
          {
            storageClass: s3.StorageClass.INFREQUENT_ACCESS,
            transitionAfter: Duration.days(props.rawArchiveTransitionDays),
          },
        ],
        ...(props.rawArchiveRetentionDays
          ? { expiration: Duration.days(props.rawArchiveRetentionDays) }
          : {}),
      },
      {
        id: 'quarantine',
        prefix: under(props.prefix, LAKE_PREFIXES.quarantine),
        expiration: Duration.days(props.quarantineRetentionDays),
      },
      {
        id: 'athena-results',
        prefix: `${ATHENA_RESULTS_FOLDER}/`,
        expiration: Duration.days(props.athenaResultsRetentionDays),
      },
      {
        id: 'old-versions',
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ];
    if (props.tableRetentionDays) {
      for (const folder of [LAKE_PREFIXES.tables, LAKE_PREFIXES.costs]) {
        rules.push({
          id: `${folder}-retention`,
          prefix: under(props.prefix, folder),
          expiration: Duration.days(props.tableRetentionDays),
        });
      }
    }
    this.bucket = new s3.Bucket(this, 'Lake', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'lake/',
      lifecycleRules: rules,
      removalPolicy,
      autoDeleteObjects: !props.retainData,
    });
  }

  /** `s3://bucket/prefix/<folder>/` */
  s3Url(folder: string): string {
    return `s3://${this.bucket.bucketName}/${under(this.prefix, folder)}`;
  }
}
