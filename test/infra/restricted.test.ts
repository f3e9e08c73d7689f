import { describe, expect, it } from 'vitest';
import { QUERIES } from '../../queries/registry.js';
import { renderQuery } from '../../queries/render.js';
import { CONTEXTS, synthStack } from '../support/cdk.js';
import {
  Assembly,
  type CfnResource,
  documentsAllow,
  type Json,
  type Request,
  type ResourceRef,
  rolePolicies,
} from '../support/cfn.js';

/**
 * raw/ and quarantine/ hold whole messages (tokens, names, emails, IPs). They live in a restricted bucket with
 * its own KMS key, Glue database and Athena workgroup; analysts get the lake bucket's tables/ and costs/ only.
 */
const { app, stack } = synthStack(CONTEXTS.main);
const assembly = Assembly.of(app);
const main = assembly.files[0] as string;

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as Parameters<typeof stack.getLogicalId>[0]);
const refOf = (construct: { node: { defaultChild?: unknown } }): ResourceRef => ({
  file: main,
  logicalId: logicalIdOf(construct),
});
const lake = refOf(stack.lake.bucket);
const restricted = refOf(stack.restricted.bucket);
const key = refOf(stack.restricted.key);
const logBucket = refOf(stack.lake.logBucket);
const arn = (ref: ResourceRef) => Assembly.name(ref, 'Arn');
const object = (bucket: ResourceRef, key: string) => `${arn(bucket)}/${key}`;
const athenaArn = (workGroup: string) =>
  `arn:<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:workgroup/${workGroup}`;
const glueArn = (resource: string) => `arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:${resource}`;

const managedPolicy = (construct: { node: { defaultChild?: unknown } }) => {
  const ref = refOf(construct);
  return [{ file: ref.file, document: assembly.resource(ref).Properties.PolicyDocument }];
};
const analyst = managedPolicy(stack.access.analystPolicy);
const operator = managedPolicy(stack.access.operatorPolicy);
const ingestRole = refOf(stack.ingest.role);
const ingest = rolePolicies(assembly, ingestRole);
const can = (documents: typeof analyst, request: Request) => documentsAllow(assembly, documents, request);

const TABLE_FILE = 'tables/enrollment_created/dt=2026-09-01/0123abcd.parquet';
const COST_FILE = 'costs/dt=2026-09-01/request-1.json';
const RAW_FILE = 'raw/dt=2026-09-01/0123abcd.ndjson.gz';
const QUARANTINE_FILE = 'quarantine/dt=2026-09-01/0123abcd.ndjson.gz';

/** Every resource string a policy names, flattened. */
const resourcesNamed = (documents: typeof analyst) =>
  documents.flatMap(({ file, document }) =>
    (document.Statement as Json[]).flatMap((s) =>
      (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r: Json) => assembly.flatten(file, r)),
    ),
  );
const actionsNamed = (documents: typeof analyst) =>
  documents.flatMap(({ document }) =>
    (document.Statement as Json[]).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  ) as string[];

describe('the analysts', () => {
  it('can read tables/ and costs/ in the lake bucket, and list them', () => {
    for (const file of [TABLE_FILE, COST_FILE])
      expect(can(analyst, { action: 's3:GetObject', resource: object(lake, file) }), file).toBe(true);
    for (const prefix of ['tables/enrollment_created/dt=2026-09-01/', 'costs/'])
      expect(
        can(analyst, { action: 's3:ListBucket', resource: arn(lake), context: { 's3:prefix': prefix } }),
        prefix,
      ).toBe(true);
  });

  it('cannot read raw/ or quarantine/, in either bucket, nor list them', () => {
    for (const bucket of [restricted, lake])
      for (const file of [RAW_FILE, QUARANTINE_FILE])
        expect(can(analyst, { action: 's3:GetObject', resource: object(bucket, file) }), file).toBe(false);
    for (const prefix of ['raw/', 'quarantine/dt=2026-09-01/'])
      expect(
        can(analyst, { action: 's3:ListBucket', resource: arn(lake), context: { 's3:prefix': prefix } }),
      ).toBe(false);
    expect(can(analyst, { action: 's3:ListBucket', resource: arn(restricted) })).toBe(false);
  });

  it('have no grant at all on the restricted bucket, its key, database or workgroup', () => {
    const named = resourcesNamed(analyst).join('\n');
    expect(named).not.toContain(restricted.logicalId);
    expect(named).not.toContain(key.logicalId);
    expect(named).not.toContain('_restricted');
    expect(named).not.toContain('-restricted');
    expect(actionsNamed(analyst).filter((a) => a.startsWith('kms:'))).toEqual([]);
    expect(can(analyst, { action: 'kms:Decrypt', resource: arn(key) })).toBe(false);
  });

  it('query in their workgroup and read their database, and no other', () => {
    expect(
      can(analyst, { action: 'athena:StartQueryExecution', resource: athenaArn('canvas-lake-prod') }),
    ).toBe(true);
    expect(
      can(analyst, {
        action: 'athena:StartQueryExecution',
        resource: athenaArn('canvas-lake-prod-restricted'),
      }),
    ).toBe(false);
    expect(
      can(analyst, {
        action: 'glue:GetTable',
        resource: glueArn('table/canvas_lake_prod/enrollment_created'),
      }),
    ).toBe(true);
    for (const table of ['raw_events', 'quarantine'])
      expect(
        can(analyst, {
          action: 'glue:GetTable',
          resource: glueArn(`table/canvas_lake_prod_restricted/${table}`),
        }),
      ).toBe(false);
    // the console browses through the data catalog; Glue decides what it shows
    expect(
      can(analyst, {
        action: 'athena:ListTableMetadata',
        resource: 'arn:<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:datacatalog/AwsDataCatalog',
      }),
    ).toBe(true);
  });

  it('write and read their query results in the lake bucket, never in the restricted one', () => {
    expect(can(analyst, { action: 's3:PutObject', resource: object(lake, 'athena-results/q.csv') })).toBe(
      true,
    );
    expect(
      can(analyst, { action: 's3:GetObject', resource: object(restricted, 'athena-results/q.csv') }),
    ).toBe(false);
  });
});

describe('the operators', () => {
  it('can read raw/ and quarantine/ in the restricted bucket, with its key, in their workgroup', () => {
    for (const file of [RAW_FILE, QUARANTINE_FILE])
      expect(can(operator, { action: 's3:GetObject', resource: object(restricted, file) }), file).toBe(true);
    expect(can(operator, { action: 'kms:Decrypt', resource: arn(key) })).toBe(true);
    expect(can(operator, { action: 'kms:GenerateDataKey', resource: arn(key) })).toBe(true);
    expect(
      can(operator, {
        action: 'athena:StartQueryExecution',
        resource: athenaArn('canvas-lake-prod-restricted'),
      }),
    ).toBe(true);
    expect(
      can(operator, {
        action: 'glue:GetPartitions',
        resource: glueArn('table/canvas_lake_prod_restricted/raw_events'),
      }),
    ).toBe(true);
  });

  it('do not get the tables through this policy (grant the analyst policy too)', () => {
    expect(can(operator, { action: 's3:GetObject', resource: object(lake, TABLE_FILE) })).toBe(false);
  });
});

describe('the Athena workgroups and Glue databases', () => {
  const workGroups = assembly.resourcesOfType('AWS::Athena::WorkGroup');
  const byName = new Map(workGroups.map((w) => [w.resource.Properties.Name as string, w]));

  it('keep analyst results in the lake bucket (SSE-S3) and operator results in the restricted one (its key)', () => {
    const analysts = byName.get('canvas-lake-prod')?.resource.Properties.WorkGroupConfiguration;
    const operators = byName.get('canvas-lake-prod-restricted')?.resource.Properties.WorkGroupConfiguration;
    expect(assembly.flatten(main, analysts.ResultConfiguration.OutputLocation)).toBe(
      `s3://${Assembly.name(lake)}/athena-results/`,
    );
    expect(analysts.ResultConfiguration.EncryptionConfiguration).toEqual({ EncryptionOption: 'SSE_S3' });
    expect(assembly.flatten(main, operators.ResultConfiguration.OutputLocation)).toBe(
      `s3://${Assembly.name(restricted)}/athena-results/`,
    );
    expect(operators.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
    expect(assembly.flatten(main, operators.ResultConfiguration.EncryptionConfiguration.KmsKey)).toBe(
      arn(key),
    );
    for (const w of workGroups)
      expect(w.resource.Properties.WorkGroupConfiguration.EnforceWorkGroupConfiguration).toBe(true);
  });

  it('give the analysts database no raw_events or quarantine, and read those from the restricted bucket', () => {
    const tables = assembly.resourcesOfType('AWS::Glue::Table');
    const analystTables = tables.filter((t) => t.resource.Properties.DatabaseName === 'canvas_lake_prod');
    const restrictedTables = tables.filter(
      (t) => t.resource.Properties.DatabaseName === 'canvas_lake_prod_restricted',
    );
    const names = (list: typeof tables) =>
      list.map((t) => t.resource.Properties.TableInput.Name as string).sort();
    expect(names(analystTables)).not.toContain('raw_events');
    expect(names(analystTables)).not.toContain('quarantine');
    expect(names(restrictedTables)).toEqual(['quarantine', 'raw_events']);
    for (const t of restrictedTables) {
      const location = assembly.flatten(t.file, t.resource.Properties.TableInput.StorageDescriptor.Location);
      expect(location).toMatch(
        new RegExp(`^s3://${escapeRegExp(Assembly.name(restricted))}/(raw|quarantine)/$`),
      );
    }
    for (const t of analystTables) {
      const location = assembly.flatten(t.file, t.resource.Properties.TableInput.StorageDescriptor.Location);
      expect(location).toMatch(
        new RegExp(`^s3://${escapeRegExp(Assembly.name(lake))}/(tables/[a-z0-9_]+|costs)/$`),
      );
    }
  });

  it('save each query where its tables are: the analysts see no query over raw_events or quarantine', () => {
    const restrictedTables = ['raw_events', 'quarantine'];
    for (const query of QUERIES) {
      const sql = renderQuery(query, {}, { mode: 'athena-saved' }).replace(/--[^\n]*/g, '');
      const tables = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_.]*)/gi)].map((m) =>
        (m[1] as string).toLowerCase().split('.').pop(),
      );
      expect(tables.length, query.id).toBeGreaterThan(0);
      const readsRestricted = tables.some((t) => restrictedTables.includes(t as string));
      expect(Boolean(query.restricted), query.id).toBe(readsRestricted);
    }
    for (const { resource } of assembly.resourcesOfType('AWS::Athena::NamedQuery')) {
      const query = QUERIES.find((q) => q.id === resource.Properties.Name);
      expect(resource.Properties.WorkGroup).toBe(
        query?.restricted ? 'canvas-lake-prod-restricted' : 'canvas-lake-prod',
      );
    }
  });
});

describe('the ingest function', () => {
  const fn = assembly
    .resourcesOfType('AWS::Lambda::Function')
    .find((f) => assembly.resourceOf(f.file, f.resource.Properties.Role)?.logicalId === ingestRole.logicalId);

  it('writes tables/ and costs/ to the lake bucket, raw/ and quarantine/ to the restricted one, with its key', () => {
    for (const file of [TABLE_FILE, COST_FILE])
      expect(can(ingest, { action: 's3:PutObject', resource: object(lake, file) }), file).toBe(true);
    for (const file of [RAW_FILE, QUARANTINE_FILE])
      expect(can(ingest, { action: 's3:PutObject', resource: object(restricted, file) }), file).toBe(true);
    expect(can(ingest, { action: 'kms:GenerateDataKey', resource: arn(key) })).toBe(true);
  });

  it('cannot put whole messages where analysts read, nor read anything', () => {
    for (const file of [RAW_FILE, QUARANTINE_FILE])
      expect(can(ingest, { action: 's3:PutObject', resource: object(lake, file) }), file).toBe(false);
    expect(can(ingest, { action: 's3:PutObject', resource: object(restricted, TABLE_FILE) })).toBe(false);
    for (const bucket of [lake, restricted])
      expect(can(ingest, { action: 's3:GetObject', resource: object(bucket, RAW_FILE) })).toBe(false);
    expect(can(ingest, { action: 'kms:Decrypt', resource: arn(key) })).toBe(false);
  });

  it('is told both buckets', () => {
    const variables = fn?.resource.Properties.Environment.Variables;
    expect(assembly.resourceOf(main, variables.LAKE_BUCKET)).toEqual(lake);
    expect(assembly.resourceOf(main, variables.RESTRICTED_BUCKET)).toEqual(restricted);
  });
});

describe('the restricted bucket', () => {
  const bucket = assembly.resource(restricted);
  const properties = bucket.Properties;
  const policyOf = (ref: ResourceRef): Json[] =>
    assembly
      .resourcesOfType('AWS::S3::BucketPolicy')
      .find((p) => assembly.resourceOf(p.file, p.resource.Properties.Bucket)?.logicalId === ref.logicalId)
      ?.resource.Properties.PolicyDocument.Statement;

  it('is encrypted with its own KMS key, rotated yearly, both kept when the stack is deleted', () => {
    const sse = properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(assembly.flatten(main, sse.ServerSideEncryptionByDefault.KMSMasterKeyID)).toBe(arn(key));
    expect(sse.BucketKeyEnabled).toBe(true);
    const keyResource = assembly.resource(key) as CfnResource & { DeletionPolicy?: string };
    expect(keyResource.Properties.EnableKeyRotation).toBe(true);
    expect(keyResource.DeletionPolicy).toBe('Retain');
    expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    // the lake bucket does not use it
    expect(JSON.stringify(assembly.resource(lake).Properties)).not.toContain(key.logicalId);
  });

  it('blocks public access, refuses plain HTTP and old TLS, and refuses another encryption', () => {
    expect(properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const statements = policyOf(restricted);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
    const denyKey = statements.find((s) => s.Sid === 'DenyOtherKmsKey');
    expect(denyKey.Condition.Null).toEqual({ 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' });
    expect(
      assembly.flatten(
        main,
        denyKey.Condition.StringNotEquals['s3:x-amz-server-side-encryption-aws-kms-key-id'],
      ),
    ).toBe(arn(key));
    expect(statements.find((s) => s.Sid === 'DenyOtherEncryption')?.Condition).toEqual({
      Null: { 's3:x-amz-server-side-encryption': 'false' },
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
    });
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  it('is access-logged, and the log bucket admits S3 logging by policy (no ACL), per source bucket', () => {
    const logs = assembly.resource(logBucket).Properties;
    expect(logs.AccessControl).toBeUndefined();
    expect(logs.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const statements = policyOf(logBucket).filter((s) => s.Effect === 'Allow');
    for (const [source, prefix] of [
      [restricted, 'restricted/'],
      [lake, 'lake/'],
    ] as const) {
      const config = assembly.resource(source).Properties.LoggingConfiguration;
      expect(assembly.resourceOf(main, config.DestinationBucketName)).toEqual(logBucket);
      expect(config.LogFilePrefix).toBe(prefix);
      const grant = statements.find(
        (s) => assembly.flatten(main, s.Condition?.ArnLike?.['aws:SourceArn']) === arn(source),
      );
      expect(grant, prefix).toMatchObject({
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      });
      expect(assembly.flatten(main, grant.Resource)).toBe(`${arn(logBucket)}/${prefix}*`);
    }
  });

  it('notifies the alarm topic when its policy or its key changes', () => {
    const rule = assembly
      .resourcesOfType('AWS::Events::Rule')
      .find((r) => JSON.stringify(r.resource.Properties.EventPattern).includes('PutBucketPolicy'));
    const pattern = rule?.resource.Properties.EventPattern;
    const [s3Events, kmsEvents] = pattern.detail.$or;
    expect(s3Events.eventName).toEqual(expect.arrayContaining(['PutBucketPolicy', 'DeleteBucketPolicy']));
    expect(s3Events.requestParameters.bucketName.map((b: Json) => assembly.resourceOf(main, b))).toEqual([
      restricted,
    ]);
    expect(kmsEvents.eventName).toEqual(expect.arrayContaining(['PutKeyPolicy', 'ScheduleKeyDeletion']));
    expect(kmsEvents.resources.ARN.map((k: Json) => assembly.flatten(main, k))).toEqual([arn(key)]);
    const target = rule?.resource.Properties.Targets[0];
    expect(assembly.resourceOf(main, target.Arn)).toEqual(refOf(stack.observability.topic));
  });
});

describe('without retainData', () => {
  it('deletes the restricted bucket and schedules its key for deletion with the stack', () => {
    const { stack: other, template } = synthStack(CONTEXTS.deletable);
    const keyId = other.getLogicalId(
      other.restricted.key.node.defaultChild as Parameters<typeof other.getLogicalId>[0],
    );
    const bucketId = other.getLogicalId(
      other.restricted.bucket.node.defaultChild as Parameters<typeof other.getLogicalId>[0],
    );
    const resources = template.toJSON().Resources as Record<string, { DeletionPolicy?: string }>;
    expect(resources[keyId]?.DeletionPolicy).toBe('Delete');
    expect(resources[bucketId]?.DeletionPolicy).toBe('Delete');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
