import type { ColumnSpec } from '../contract/columns.js';
import type { LogicalType, RowValueOf } from '../contract/logical-types.js';
import type { RowValue } from '../contract/types.js';
import { QUARANTINE_REASONS } from '../contract/types.js';
import { recordsToNdjson } from './ndjson.js';

/**
 * Column specs of the lake's own tables (NDJSON, gzip except costs). Like the event tables, Glue columns and
 * documentation are derived from these, and the writers serialise records through them: `encodeRecords` takes
 * records whose keys and value types the compiler checks against the spec.
 */
export interface LakeTableSpec<C extends readonly ColumnSpec[] = readonly ColumnSpec[]> {
  readonly name: string;
  readonly description: string;
  /** Folder under the lake prefix. */
  readonly folder: string;
  readonly columns: C;
}

/** A column whose name, type and nullability the compiler knows. */
interface TypedColumn<N extends string, T extends LogicalType, Nullable extends boolean> extends ColumnSpec {
  readonly name: N;
  readonly type: T;
  readonly nullable: Nullable;
}

function col<N extends string, T extends LogicalType>(
  name: N,
  type: T,
  description: string,
): TypedColumn<N, T, true>;
function col<N extends string, T extends LogicalType>(
  name: N,
  type: T,
  description: string,
  nullable: false,
): TypedColumn<N, T, false>;
function col(name: string, type: LogicalType, description: string, nullable = true): ColumnSpec {
  return { name, type, nullable, description };
}

/** A record of a lake table: every column by name, with its type's value (or null where the column allows it). */
export type RecordOf<S extends LakeTableSpec> = {
  readonly [C in S['columns'][number] as C['name']]: C extends TypedColumn<string, infer T, infer Nullable>
    ? RowValueOf[T] | (Nullable extends true ? null : never)
    : never;
};

/** Records of a lake table as NDJSON, columns in spec order (the writer of raw, quarantine and cost records). */
export function encodeRecords<S extends LakeTableSpec>(table: S, records: readonly RecordOf<S>[]): string {
  return recordsToNdjson(table.columns, records as readonly Readonly<Record<string, RowValue>>[]);
}

export const RAW_EVENTS_TABLE = {
  name: 'raw_events',
  folder: 'raw',
  description:
    'The bronze layer: every SQS message body exactly as received, with its message id and attributes, partitioned by ingest date. A full re-ingest after a schema change reads from here.',
  columns: [
    col('message_id', 'string', 'SQS message id.', false),
    col('ingested_at', 'timestamp', 'When the pipeline received the message (UTC).', false),
    col('sent_at', 'timestamp', 'SQS SentTimestamp: when Canvas sent the message.'),
    col('receive_count', 'int64', 'SQS ApproximateReceiveCount: above 1 means a retry.'),
    col(
      'message_attributes',
      'json',
      'SQS string message attributes (event_name, event_time…) as a JSON object.',
    ),
    col('body', 'string', 'The message body, verbatim.', false),
  ],
} as const satisfies LakeTableSpec;

export const QUARANTINE_TABLE = {
  name: 'quarantine',
  folder: 'quarantine',
  description:
    'Messages (or single Caliper events) that could not be placed in a table, with a machine-readable reason and the original text, partitioned by ingest date.',
  columns: [
    col('message_id', 'string', 'SQS message id.', false),
    col('ingested_at', 'timestamp', 'When the pipeline received the message (UTC).', false),
    col(
      'reason',
      'string',
      `Why it could not be placed: ${QUARANTINE_REASONS.join(', ')} (README, "The event contract").`,
      false,
    ),
    col('details', 'string', 'What exactly was wrong.', false),
    col(
      'event_index',
      'int64',
      'Index of the event in a Caliper envelope; null when the whole message is quarantined.',
    ),
    col('event_name', 'string', 'The event name, when one could be determined.'),
    col('message_attributes', 'json', 'SQS string message attributes as a JSON object.'),
    col('original', 'string', 'The message body exactly as received.', false),
  ],
} as const satisfies LakeTableSpec;

export const INVOCATION_COSTS_TABLE = {
  name: 'invocation_costs',
  folder: 'costs',
  description:
    'One record per Lambda invocation (ingest, and maintenance: compaction and replay): what it processed, what it wrote, and its estimated cost in USD (see README, Finance). Partitioned by the UTC date of started_at.',
  columns: [
    col('request_id', 'string', 'Lambda request id (or a local run id).', false),
    col('function_name', 'string', 'Lambda function name.'),
    col('started_at', 'timestamp', 'When the invocation started (UTC).', false),
    col('duration_ms', 'double', 'Measured handler duration in milliseconds.', false),
    col('billed_duration_ms', 'int64', 'Duration rounded up to the millisecond, as Lambda bills it.', false),
    col('memory_mb', 'int64', 'Configured Lambda memory.', false),
    col('architecture', 'string', 'arm64 or x86_64.', false),
    col('region', 'string', 'Region of the prices used.', false),
    col('messages', 'int64', 'SQS messages in the batch.', false),
    col('events', 'int64', 'Events found in them (a Caliper envelope may hold several).', false),
    col(
      'rows_written',
      'int64',
      'Rows written to event tables (after removing duplicates within the batch).',
      false,
    ),
    col(
      'duplicate_rows',
      'int64',
      'Rows dropped because the same event_id appeared twice in the batch.',
      false,
    ),
    col('quarantined', 'int64', 'Quarantine records written.', false),
    col('failed_messages', 'int64', 'Messages reported back to SQS for retry.', false),
    col('files_written', 'int64', 'Lake files written successfully (excluding this record).', false),
    col('bytes_written', 'int64', 'Bytes written to the lake (excluding this record).', false),
    col('s3_puts', 'int64', 'S3 PUT requests made, including this record.', false),
    col('sqs_requests', 'int64', 'Estimated SQS receive and delete requests for the batch.', false),
    col(
      'table_rows',
      'json',
      'Rows written per table, as a JSON object {"enrollment_created": 12, …}.',
      false,
    ),
    col('lambda_compute_usd', 'double', 'GB-seconds × price for the architecture.', false),
    col('lambda_request_usd', 'double', 'The per-invocation request charge.', false),
    col('s3_put_usd', 'double', 'S3 PUT requests × price.', false),
    col('sqs_usd', 'double', 'SQS requests × price.', false),
    col(
      'total_usd',
      'double',
      'Sum of the cost components (the four above, plus the maintenance ones below).',
      false,
    ),
    col('price_source', 'string', 'Where the unit prices come from.', false),
    col('price_as_of', 'string', 'Date of the unit prices.', false),
    // Added with lake maintenance; records written before have them null (read null as kind = ingest, 0 requests).
    col(
      'kind',
      'string',
      'ingest, compaction, replay_derive, replay_rewrite or replay_quarantine (null in records written before maintenance existed: ingest).',
    ),
    col(
      'work_item',
      'string',
      'What a maintenance invocation worked on: <table>/dt=<dt>, or raw/dt=<dt>. Null for ingest.',
    ),
    col('s3_gets', 'int64', 'S3 GET requests made.'),
    col('s3_lists', 'int64', 'S3 LIST requests made.'),
    col('s3_deletes', 'int64', 'S3 DeleteObjects requests made (free).'),
    col('bytes_read', 'int64', 'Bytes read from the lake.'),
    col('s3_get_usd', 'double', 'S3 GET requests × price.'),
    col('s3_list_usd', 'double', 'S3 LIST requests × price (LIST is billed as PUT).'),
    col(
      'step_functions_usd',
      'double',
      'State transitions of the Distributed Map item × price (maintenance on AWS).',
    ),
  ],
} as const satisfies LakeTableSpec;

export const LAKE_TABLES: readonly LakeTableSpec[] = [
  RAW_EVENTS_TABLE,
  QUARANTINE_TABLE,
  INVOCATION_COSTS_TABLE,
];
