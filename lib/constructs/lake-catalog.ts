import { NestedStack, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { type ColumnSpec, DT_PARTITION, EVENT_TABLES } from '../../lambda/contract/columns.js';
import type { LogicalType } from '../../lambda/contract/logical-types.js';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import { LAKE_TABLES } from '../../lambda/lake/tables.js';
import type { LakeBucket } from './lake-bucket.js';

/** Glue/Athena type of each logical type of the column spec. */
export const GLUE_TYPE: Readonly<Record<LogicalType, string>> = {
  string: 'string',
  id: 'string',
  url: 'string',
  json: 'string',
  boolean: 'boolean',
  int64: 'bigint',
  double: 'double',
  timestamp: 'timestamp',
};

const PARQUET_STORAGE = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};
const JSON_STORAGE = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
    parameters: { 'ignore.malformed.json': 'false' },
  },
};

export interface LakeCatalogProps {
  readonly databaseName: string;
  readonly lake: LakeBucket;
  readonly outputFormat: 'parquet' | 'json';
  readonly projectionStartDate: string;
}

/** Glue column list of a spec: every column, with the catalog's description as its comment (Glue allows 255). */
export function glueColumns(columns: readonly ColumnSpec[]): glue.CfnTable.ColumnProperty[] {
  return columns.map((c) => ({
    name: c.name,
    type: GLUE_TYPE[c.type],
    comment: c.description.length > 255 ? `${c.description.slice(0, 254)}…` : c.description,
  }));
}

/**
 * The Glue Data Catalog: a database and one table per event type, generated from the column spec (never
 * listed by hand), plus other_events, quarantine, raw_events and invocation_costs. Partitions come from
 * partition projection on `dt`: no crawler, no MSCK REPAIR, new days are queryable at once.
 */
export class LakeCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly tables: glue.CfnTable[] = [];

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Stack.of(this).account,
      databaseInput: {
        name: props.databaseName,
        description: 'Canvas Live Events lake (canvas-live-events-lake)',
      },
    });
    for (const table of EVENT_TABLES) {
      this.addTable(
        table.name,
        table.description,
        table.columns,
        `${props.lake.s3Url(LAKE_PREFIXES.tables)}${table.name}/`,
        props.outputFormat,
        props,
      );
    }
    for (const table of LAKE_TABLES) {
      this.addTable(
        table.name,
        table.description,
        table.columns,
        props.lake.s3Url(table.folder),
        'json',
        props,
      );
    }
  }

  private addTable(
    name: string,
    description: string,
    columns: readonly ColumnSpec[],
    location: string,
    format: 'parquet' | 'json',
    props: LakeCatalogProps,
  ): void {
    const table = new glue.CfnTable(this, `Table_${name}`, {
      catalogId: this.database.catalogId,
      databaseName: props.databaseName,
      tableInput: {
        name,
        description: description.length > 2048 ? description.slice(0, 2048) : description,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [
          { name: DT_PARTITION.name, type: DT_PARTITION.type, comment: DT_PARTITION.description },
        ],
        parameters: {
          EXTERNAL: 'TRUE',
          classification: format,
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${props.projectionStartDate},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${location}dt=\${dt}/`,
          ...(format === 'parquet' ? { 'parquet.compression': 'SNAPPY' } : {}),
        },
        storageDescriptor: {
          location,
          columns: glueColumns(columns),
          ...(format === 'parquet' ? PARQUET_STORAGE : JSON_STORAGE),
        },
      },
    });
    table.node.addDependency(this.database);
    this.tables.push(table);
  }
}

/**
 * The catalog in a nested stack of its own: 105 generated tables with column comments are most of the
 * template, and CloudFormation caps a template at 1 MB.
 */
export class LakeCatalogStack extends NestedStack {
  readonly catalog: LakeCatalog;

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id, {
      description: 'canvas-live-events-lake Glue Data Catalog',
      suppressTemplateIndentation: true,
    });
    this.catalog = new LakeCatalog(this, 'Catalog', props);
  }
}
