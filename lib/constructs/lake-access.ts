import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { nagName } from '../nag.js';
import { ATHENA_RESULTS_FOLDER, folderKeyPrefix } from './lake-bucket.js';

/** One side of the lake: the data a reader may query, where, and with what. */
export interface LakeReadScope {
  readonly workGroupName: string;
  readonly databaseName: string;
  readonly bucket: s3.IBucket;
  readonly prefix: string;
  /** Lake folders the reader may read (tables, costs; or raw, quarantine). */
  readonly folders: readonly string[];
  /** The bucket's KMS key, when it has one: needed to read objects and to write encrypted results. */
  readonly key?: kms.IKey;
}

export interface LakeAccessProps {
  readonly analysts: LakeReadScope;
  readonly operators: LakeReadScope;
}

const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'athena:GetQueryRuntimeStatistics',
  'athena:GetWorkGroup',
  'athena:ListNamedQueries',
  'athena:GetNamedQuery',
  'athena:BatchGetNamedQuery',
];
const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

/**
 * Who may read what, as two customer-managed policies to attach to the people's roles (an IAM Identity Center
 * permission set, a group, a role):
 * - analysts: the analysts' workgroup, Glue database and the lake bucket's tables/ and costs/ (read), and their
 *   workgroup's results folder (read and write). Nothing on the restricted bucket or its key.
 * - operators: the same over the restricted workgroup, database and bucket (raw/, quarantine/), with the
 *   restricted key to decrypt the data and encrypt their results.
 * Grant both to someone who is both.
 */
export class LakeAccess extends Construct {
  readonly analystPolicy: iam.ManagedPolicy;
  readonly operatorPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: LakeAccessProps) {
    super(scope, id);
    this.analystPolicy = this.readerPolicy(
      'AnalystPolicy',
      'canvas-live-events-lake analysts: query the event tables and costs (never the raw archive or quarantine)',
      props.analysts,
    );
    this.operatorPolicy = this.readerPolicy(
      'OperatorPolicy',
      'canvas-live-events-lake operators: query the raw archive and quarantine (whole messages)',
      props.operators,
    );
  }

  private readerPolicy(id: string, description: string, scope: LakeReadScope): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string) =>
      `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`;
    const readable = scope.folders.map((folder) => `${folderKeyPrefix(scope.prefix, folder)}*`);
    const results = `${ATHENA_RESULTS_FOLDER}/*`;
    const statements = [
      new iam.PolicyStatement({
        sid: 'QueryInTheWorkGroup',
        actions: ATHENA_QUERY_ACTIONS,
        resources: [arn('athena', `workgroup/${scope.workGroupName}`)],
      }),
      new iam.PolicyStatement({
        sid: 'ListWorkGroups',
        actions: ['athena:ListWorkGroups', 'athena:ListEngineVersions', 'athena:ListDataCatalogs'],
        resources: ['*'],
      }),
      // The Athena console browses databases and tables through the data catalog; Glue grants below decide which.
      new iam.PolicyStatement({
        sid: 'BrowseInTheConsole',
        actions: [
          'athena:GetDataCatalog',
          'athena:ListDatabases',
          'athena:GetDatabase',
          'athena:ListTableMetadata',
          'athena:GetTableMetadata',
        ],
        resources: [arn('athena', 'datacatalog/AwsDataCatalog')],
      }),
      new iam.PolicyStatement({
        sid: 'ReadTheCatalog',
        actions: GLUE_READ_ACTIONS,
        resources: [
          arn('glue', 'catalog'),
          arn('glue', `database/${scope.databaseName}`),
          arn('glue', `table/${scope.databaseName}/*`),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'ReadTheData',
        actions: ['s3:GetObject'],
        resources: readable.map((p) => scope.bucket.arnForObjects(p)),
      }),
      new iam.PolicyStatement({
        sid: 'ListTheData',
        actions: ['s3:ListBucket'],
        resources: [scope.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [...readable, results] } },
      }),
      new iam.PolicyStatement({
        sid: 'LocateTheBucket',
        actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [scope.bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'QueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [scope.bucket.arnForObjects(results)],
      }),
    ];
    if (scope.key) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'UseTheKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [scope.key.keyArn],
        }),
      );
    }
    const policy = new iam.ManagedPolicy(this, id, { description, statements });
    // Acknowledge exactly the wildcards granted above, each bounded by one folder, one database or one action set.
    for (const resource of new Set(statements.flatMap((st) => st.resources))) {
      if (!nagName(this, resource).includes('*')) continue;
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagName(this, resource)}]`,
        reason:
          resource === '*'
            ? 'athena:ListWorkGroups, ListEngineVersions and ListDataCatalogs have no resource-level permissions.'
            : 'Reading a lake means reading every object under a folder and every table of a Glue database, whose names are generated (partitions, file ids, tables from the column spec); the wildcard is bounded by one folder or one database.',
      });
    }
    return policy;
  }
}
