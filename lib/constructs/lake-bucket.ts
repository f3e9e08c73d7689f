import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import { MAINTENANCE_FOLDER } from '../../lambda/maintenance/layout.js';

export interface LakeBucketProps {
  readonly prefix: string;
  readonly tableRetentionDays?: number;
  readonly athenaResultsRetentionDays: number;
  readonly retainData: boolean;
}

/** Folder of Athena query results in the lake bucket. */
export const ATHENA_RESULTS_FOLDER = 'athena-results';

/** `<prefix>/<folder>/`, or `<folder>/` with no prefix: the key prefix of one lake folder. */
export const folderKeyPrefix = (prefix: string, folder: string) =>
  prefix === '' ? `${folder}/` : `${prefix}/${folder}/`;

/**
 * The analyst-facing lake bucket (private, encrypted, versioned, TLS only, access-logged) holding tables/ and
 * costs/, and the access log bucket that also receives the restricted bucket's logs. The raw archive and
 * quarantine live in the restricted bucket (restricted-bucket.ts).
 * Lifecycle: Athena results expire; old object versions (a retried batch overwriting its file) expire after
 * 30 days; tables and costs may expire.
 */
export class LakeBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: LakeBucketProps) {
    super(scope, id);
    // S3 server access logging is granted by a bucket policy for logging.s3.amazonaws.com, scoped to the source
    // buckets and this account, instead of the legacy LogDeliveryWrite ACL (cfn-lint W3045; ACLs are disabled
    // on the log bucket by BucketOwnerEnforced). Set here, before any child exists, so it holds for this construct.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.prefix = props.prefix;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects: !props.retainData,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the lake buckets access logs; logging it to itself would loop.',
    });

    const rules: s3.LifecycleRule[] = [
      {
        id: 'athena-results',
        prefix: `${ATHENA_RESULTS_FOLDER}/`,
        expiration: Duration.days(props.athenaResultsRetentionDays),
      },
      // Lake maintenance's work lists and Map Run results: needed while a run lasts, kept a month to inspect.
      ...['plans', 'results'].map((folder) => ({
        id: `maintenance-${folder}`,
        prefix: `${folderKeyPrefix(props.prefix, MAINTENANCE_FOLDER)}${folder}/`,
        expiration: Duration.days(30),
      })),
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
          prefix: folderKeyPrefix(props.prefix, folder),
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
    return `s3://${this.bucket.bucketName}/${folderKeyPrefix(this.prefix, folder)}`;
  }
}
