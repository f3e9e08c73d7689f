import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { QueryDef } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import { ATHENA_RESULTS_FOLDER } from './lake-bucket.js';

export interface AthenaQueriesProps {
  readonly workGroupName: string;
  readonly description: string;
  readonly databaseName: string;
  /** Where query results go (`athena-results/` in it): the bucket of the data the workgroup reads. */
  readonly resultsBucket: s3.IBucket;
  /** Encrypt results with this key (SSE-KMS); SSE-S3 without one. */
  readonly resultsKey?: kms.IKey;
  readonly bytesScannedCutoffMb: number;
  /** The saved queries of this workgroup. */
  readonly queries: readonly QueryDef[];
}

/**
 * An Athena workgroup (engine v3, settings enforced, results encrypted in the bucket of the data it reads, a
 * per-query scan limit) and one saved query per entry of the query registry given to it.
 */
export class AthenaQueries extends Construct {
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: athena.CfnNamedQuery[];
  readonly workGroupName: string;

  constructor(scope: Construct, id: string, props: AthenaQueriesProps) {
    super(scope, id);
    this.workGroupName = props.workGroupName;
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: props.description,
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${ATHENA_RESULTS_FOLDER}/`,
          encryptionConfiguration: props.resultsKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: props.resultsKey.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.namedQueries = props.queries.map((query) => {
      const named = new athena.CfnNamedQuery(this, `Query_${query.id}`, {
        name: query.id,
        description: `${query.name}. ${query.description}`.slice(0, 1024),
        database: props.databaseName,
        workGroup: props.workGroupName,
        queryString: renderQuery(query, {}, { mode: 'athena-saved' }),
      });
      named.node.addDependency(this.workGroup);
      return named;
    });
  }
}
