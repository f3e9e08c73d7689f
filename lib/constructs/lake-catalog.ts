import { NestedStack, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { type ColumnSpec, DT_PARTITION, EVENT_TABLES } from '../../lambda/contract/columns.js';
import type { LogicalType } from '../../lambda/contract/logical-types.js';
import { lakeFormat, type OutputFormat } from '../../lambda/lake/formats/index.js';
import { LAKE_PREFIXES } from '../../lambda/lake/layout.js';
import { RESTRICTED_FOLDERS } from '../../lambda/lake/routed-sink.js';
import { LAKE_TABLES } from '../../lambda/lake/system-tables.js';
import type { LakeBucket } from './lake-bucket.js';
import type { RestrictedBucket } from './restricted-bucket.js';

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

export interface LakeCatalogProps {
  /** The analysts' database: event tables and invocation_costs. */
  readonly databaseName: string;
  /** The operators' database: raw_events and quarantine, read from the restricted bucket. */
  readonly restrictedDatabaseName: string;
  readonly lake: LakeBucket;
  readonly restricted: RestrictedBucket;
  readonly outputFormat: OutputFormat;
  /** First `dt` of every table's projection: at or before PLAUSIBLE_EVENT_TIME.earliestDate (lib/config.ts). */
  readonly projectionStartDate: string;
}

/**
 * The `dt` projection range of every table. Event tables: `dt` is the event date, or the ingest date when the
 * event time is implausible (PLAUSIBLE_EVENT_TIME), so it lies in earliestDate .. ingest day + 1 (an event up
 * to a day ahead of the pipeline's clock keeps its date). raw/, quarantine/ and costs/: `dt` is the ingest
 * date, which is after earliestDate and at most NOW on the writer's clock; the extra day absorbs the skew
 * between that clock and Athena's. NOW is evaluated by Athena at query time, in UTC.
 */
export const dtProjectionRange = (start: string) => `${start},NOW+1DAYS`;

/** Glue column list of a spec: every column, with the catalog's description as its comment (Glue allows 255). */
export function glueColumns(columns: readonly ColumnSpec[]): glue.CfnTable.ColumnProperty[] {
  return columns.map((c) => ({
    name: c.name,
    type: GLUE_TYPE[c.type],
    comment: c.description.length > 255 ? `${c.description.slice(0, 254)}…` : c.description,
  }));
}

/**
 * The Glue Data Catalog: two databases. The analysts' one has one table per event type, generated from the
 * column spec (never listed by hand), plus other_events and invocation_costs. The restricted one has
 * raw_events and quarantine (whole messages), read from the restricted bucket. Partitions come from partition
 * projection on `dt`: no crawler, no MSCK REPAIR, new days are queryable at once.
 */
export class LakeCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly restrictedDatabase: glue.CfnDatabase;
  readonly restrictedDatabaseName: string;
  readonly tables: glue.CfnTable[] = [];
  readonly restrictedTables: glue.CfnTable[] = [];

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.restrictedDatabaseName = props.restrictedDatabaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Stack.of(this).account,
      databaseInput: {
        name: props.databaseName,
        description:
          'Canvas Live Events lake (canvas-live-events-lake): event tables and costs, for analysts',
      },
    });
    this.restrictedDatabase = new glue.CfnDatabase(this, 'RestrictedDatabase', {
      catalogId: Stack.of(this).account,
      databaseInput: {
        name: props.restrictedDatabaseName,
        description:
          'Canvas Live Events lake (canvas-live-events-lake): raw archive and quarantine, whole messages, for operators only',
      },
    });
    for (const table of EVENT_TABLES) {
      this.tables.push(
        this.addTable(
          this.database,
          table.name,
          table.description,
          table.columns,
          `${props.lake.s3Url(LAKE_PREFIXES.tables)}${table.name}/`,
          props.outputFormat,
          props,
        ),
      );
    }
    for (const table of LAKE_TABLES) {
      const restricted = RESTRICTED_FOLDERS.includes(table.folder);
      const created = this.addTable(
        restricted ? this.restrictedDatabase : this.database,
        table.name,
        table.description,
        table.columns,
        (restricted ? props.restricted : props.lake).s3Url(table.folder),
        'json',
        props,
      );
      (restricted ? this.restrictedTables : this.tables).push(created);
    }
  }

  private addTable(
    database: glue.CfnDatabase,
    name: string,
    description: string,
    columns: readonly ColumnSpec[],
    location: string,
    formatName: OutputFormat,
    props: LakeCatalogProps,
  ): glue.CfnTable {
    const databaseName = (database.databaseInput as glue.CfnDatabase.DatabaseInputProperty).name as string;
    const { glue: storage } = lakeFormat(formatName);
    const table = new glue.CfnTable(this, `Table_${name}`, {
      catalogId: database.catalogId,
      databaseName,
      tableInput: {
        name,
        description: description.length > 2048 ? description.slice(0, 2048) : description,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [
          { name: DT_PARTITION.name, type: DT_PARTITION.type, comment: DT_PARTITION.description },
        ],
        parameters: {
          EXTERNAL: 'TRUE',
          classification: storage.classification,
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': dtProjectionRange(props.projectionStartDate),
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${location}dt=\${dt}/`,
          ...storage.tableParameters,
        },
        storageDescriptor: {
          location,
          columns: glueColumns(columns),
          inputFormat: storage.inputFormat,
          outputFormat: storage.outputFormat,
          serdeInfo: {
            serializationLibrary: storage.serdeInfo.serializationLibrary,
            ...(storage.serdeInfo.parameters ? { parameters: { ...storage.serdeInfo.parameters } } : {}),
          },
        },
      },
    });
    table.node.addDependency(database);
    return table;
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
