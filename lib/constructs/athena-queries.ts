import * as athena from 'aws-cdk-lib/aws-athena';
import { Construct } from 'constructs';
import { QUERIES } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import { ATHENA_RESULTS_FOLDER, type LakeBucket } from './lake-bucket.js';

export interface AthenaQueriesProps {
  readonly workGroupName: string;
  readonly databaseName: string;
  readonly lake: LakeBucket;
  readonly bytesScannedCutoffMb: number;
}

/**
 * The Athena workgroup (engine v3, settings enforced, results encrypted in the lake bucket, a per-query scan
 * limit) and one saved query per entry of the query registry.
 */
export class AthenaQueries extends Construct {
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: athena.CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: AthenaQueriesProps) {
    super(scope, id);
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'Canvas Live Events lake: saved queries for admins, analysts and finance',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.lake.bucket.bucketName}/${ATHENA_RESULTS_FOLDER}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.namedQueries = QUERIES.map((query) => {
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
