import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import { ATHENA_RESULTS_FOLDER, folderKeyPrefix } from './lake-bucket.js';

export interface RestrictedBucketProps {
  readonly stage: string;
  readonly prefix: string;
  /** Receives the server access logs (prefix `restricted/`). */
  readonly logBucket: s3.IBucket;
  readonly rawArchiveTransitionDays: number;
  readonly rawArchiveRetentionDays?: number;
  readonly quarantineRetentionDays: number;
  readonly athenaResultsRetentionDays: number;
  readonly retainData: boolean;
}

/**
 * The restricted bucket: raw/ (every message verbatim) and quarantine/ (what could not be placed, with the
 * message), which hold access tokens in URLs, names, emails and IP addresses. It has its own customer-managed
 * KMS key (rotated yearly), so reading it takes a grant on the key as well as on the bucket: the analysts'
 * policy has neither. Private, versioned, TLS only, access-logged, and objects are refused unless they are
 * encrypted with that key (or sent without an encryption header, when the bucket default applies it).
 * Lifecycle: the raw archive moves to Standard-IA and may expire, quarantine and the operators' Athena results
 * expire, old versions expire after 30 days.
 */
export class RestrictedBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: RestrictedBucketProps) {
    super(scope, id);
    this.prefix = props.prefix;
    // The key goes with the data: deleting it would make a retained bucket unreadable.
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new kms.Key(this, 'Key', {
      description: `canvas-live-events-lake ${props.stage}: raw archive and quarantine (restricted bucket)`,
      alias: `alias/canvas-live-events-lake/${props.stage}/restricted`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'restricted/',
      lifecycleRules: [
        {
          id: 'raw-archive',
          prefix: folderKeyPrefix(props.prefix, LAKE_PREFIXES.raw),
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
          prefix: folderKeyPrefix(props.prefix, LAKE_PREFIXES.quarantine),
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
      ],
      removalPolicy,
      autoDeleteObjects: !props.retainData,
    });
    // Default encryption covers a PUT without an encryption header; these refuse one whose header asks for
    // another encryption or key (`Null: false`: only when the header is present).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOtherEncryption',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          Null: { 's3:x-amz-server-side-encryption': 'false' },
          StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOtherKmsKey',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
          StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': this.key.keyArn },
        },
      }),
    );
  }

  /** `s3://bucket/prefix/<folder>/` */
  s3Url(folder: string): string {
    return `s3://${this.bucket.bucketName}/${folderKeyPrefix(this.prefix, folder)}`;
  }
}
