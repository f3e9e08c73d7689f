import type * as z from 'zod';
import { CALIPER_COLUMN_DEFS } from './caliper/columns.js';
import { type EventDef, fieldRegistry } from './define.js';
import { EVENT_DEFS } from './events/index.js';
import type { LogicalType } from './logical-types.js';
import { MetadataSchema } from './metadata.js';

/**
 * The column spec: one source of truth for every table's columns. The Parquet schema, the JSON encoder,
 * the Glue tables and the documentation are all derived from it.
 */
export interface ColumnSpec {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable: boolean;
  readonly description: string;
}

export interface TableSpec {
  /** Table name in Glue/Athena and folder under `<lake>/tables/`. */
  readonly name: string;
  readonly description: string;
  /** The event names stored in this table (empty for `other_events`, which takes any). */
  readonly eventNames: readonly string[];
  /** Whether Caliper 1.1 events are mapped into this table (it then carries the `caliper_*` columns). */
  readonly caliper: boolean;
  readonly columns: readonly ColumnSpec[];
}

/** Hive-style partition key of every event table: the UTC date of `event_time`. */
export const DT_PARTITION = {
  name: 'dt',
  type: 'string',
  description: 'UTC date of event_time, YYYY-MM-DD (partition).',
} as const;

/**
 * Metadata fields are stored as `meta_<field>`: 23 event bodies have their own `user_id`, 33 their own
 * `context_id`, and a body field must keep its documented name.
 */
export const METADATA_PREFIX = 'meta_';

/** Metadata fields that become the top-level `event_name` / `event_time` columns instead of `meta_*` ones. */
const PROMOTED_METADATA = new Set(['event_name', 'event_time']);

export interface MetadataColumn extends ColumnSpec {
  /** The metadata key (`user_id` for `meta_user_id`). */
  readonly key: string;
  readonly schema: z.ZodType;
}

export const METADATA_COLUMNS: readonly MetadataColumn[] = Object.entries(
  MetadataSchema.shape as Record<string, z.ZodType>,
)
  .filter(([key]) => !PROMOTED_METADATA.has(key))
  .map(([key, schema]) => {
    const meta = fieldRegistry.get(schema);
    if (meta === undefined) throw new Error(`metadata.${key} has no column metadata`);
    return {
      key,
      name: METADATA_PREFIX + key,
      type: meta.type,
      nullable: true,
      description: meta.description,
      schema,
    };
  });

const col = (name: string, type: LogicalType, nullable: boolean, description: string): ColumnSpec => ({
  name,
  type,
  nullable,
  description,
});

/** Columns every table starts with. */
export const LEADING_COLUMNS: readonly ColumnSpec[] = [
  col(
    'event_id',
    'string',
    false,
    'Caliper data[].id when present; otherwise a SHA-256 (128-bit, hex) of the canonical event JSON (the event written back compactly), so a duplicate delivery has the same id.',
  ),
  col(
    'event_name',
    'string',
    false,
    'The event type as Canvas sent it (metadata.event_name, or the SQS event_name attribute).',
  ),
  col('event_time', 'timestamp', false, 'When Canvas emitted the event, normalised to UTC.'),
  col('source_format', 'string', false, 'canvas (metadata + body) or caliper (IMS Caliper 1.1).'),
];

/** Columns every table has after the metadata columns. */
export const TRAILING_COMMON_COLUMNS: readonly ColumnSpec[] = [
  col('ingested_at', 'timestamp', false, 'When the pipeline wrote this row (UTC).'),
  col(
    'validation_issues',
    'json',
    true,
    'JSON object: field path → {issue, value} for each value that failed its type (the column is then null). Null when clean.',
  ),
  col(
    'extra_json',
    'json',
    true,
    'JSON object: field path → value for every field the schema does not know (a new Canvas field is never lost). Null when none.',
  ),
];

export const COMMON_COLUMNS: readonly ColumnSpec[] = [
  ...LEADING_COLUMNS,
  ...METADATA_COLUMNS,
  ...TRAILING_COMMON_COLUMNS,
];

/** Enrollment tables carry the answer to "who or what made this enrollment?" (see provenance.ts). */
export const PROVENANCE_TABLES: ReadonlySet<string> = new Set([
  'enrollment_created',
  'enrollment_updated',
  'enrollment_state_created',
  'enrollment_state_updated',
]);

export const PROVENANCE_COLUMNS: readonly ColumnSpec[] = [
  col(
    'created_via',
    'string',
    false,
    'How the change was made: sis_import, api_integration, web_ui, self_enrollment, background_job or unknown.',
  ),
  col(
    'provenance_evidence',
    'string',
    false,
    'The signals that decided created_via, e.g. job_tag=SIS::CSV::ImportRefactored#run.',
  ),
  col(
    'acting_user_id',
    'id',
    true,
    'The Canvas user who made the request (metadata.user_id or the Caliper actor).',
  ),
  col(
    'masqueraded_by',
    'id',
    true,
    'The real user when the acting user was being masqueraded (metadata.real_user_id).',
  ),
  col(
    'integration_name',
    'string',
    true,
    'Name configured for the developer key (developer_key_id → name), if any.',
  ),
];

export const CALIPER_COLUMNS: readonly ColumnSpec[] = CALIPER_COLUMN_DEFS.map(({ name, type, description }) =>
  col(name, type, true, description),
);

export const OTHER_EVENTS_TABLE = 'other_events';

function tableSpecOf(def: EventDef): TableSpec {
  const caliper = def.caliper !== undefined;
  return {
    name: def.table,
    description: `${def.name}: ${def.definition}`.trim(),
    eventNames: [def.name],
    caliper,
    columns: [
      ...COMMON_COLUMNS,
      ...(PROVENANCE_TABLES.has(def.table) ? PROVENANCE_COLUMNS : []),
      ...def.bodyColumns.map(({ name, type, description }) => col(name, type, true, description)),
      ...(caliper ? CALIPER_COLUMNS : []),
    ],
  };
}

const OTHER_EVENTS_SPEC: TableSpec = {
  name: OTHER_EVENTS_TABLE,
  description:
    'Events of a type with no schema, kept whole: types Canvas adds after this version, New Quizzes events other than quizzes.quiz_created and quizzes.item_created (Instructure documents no payload for them), and Caliper types with no Canvas-format twin. The untyped_events query counts them by name.',
  eventNames: [],
  caliper: true,
  columns: [
    ...COMMON_COLUMNS,
    col('body_json', 'json', true, 'The Canvas body, or the whole Caliper event, as JSON text.'),
    ...CALIPER_COLUMNS,
  ],
};

/** Every event table: one per event type with a schema, plus other_events. */
export const EVENT_TABLES: readonly TableSpec[] = [...EVENT_DEFS.map(tableSpecOf), OTHER_EVENTS_SPEC];

const TABLES_BY_NAME = new Map(EVENT_TABLES.map((t) => [t.name, t]));

export function eventTableSpec(name: string): TableSpec {
  const spec = TABLES_BY_NAME.get(name);
  if (spec === undefined) throw new Error(`no event table named ${name}`);
  return spec;
}
