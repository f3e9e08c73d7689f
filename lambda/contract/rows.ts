import { METADATA_COLUMNS, PROVENANCE_TABLES, type TableSpec } from './columns.js';
import type { EventDef } from './define.js';
import { stringifyJson } from './json.js';
import { MetadataSchema } from './metadata.js';
import { classifyProvenance, type IntegrationNames } from './provenance.js';
import { parseCanvasTime } from './time.js';
import { redactAccessTokens } from './urls.js';
import {
  collectExtras,
  type Extras,
  type FieldSlot,
  type Issues,
  keySetsOf,
  validateFields,
} from './validate.js';

export type SourceFormat = 'canvas' | 'caliper';
export type RowValue = string | number | bigint | boolean | null;
/** One row: every column of its table's spec, in spec order (null when absent). */
export type Row = Record<string, RowValue>;

export interface EventRow {
  readonly table: string;
  readonly eventId: string;
  /** event_time, epoch milliseconds UTC (also in the row). */
  readonly eventTime: number;
  readonly row: Row;
}

/** Machine-readable reasons a message (or one event of a Caliper envelope) is quarantined. */
export const QUARANTINE_REASONS = [
  'not_json',
  'not_object',
  'unknown_format',
  'empty_envelope',
  'invalid_caliper_event',
  'missing_event_name',
  'bad_event_time',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface QuarantineRecord {
  readonly reason: QuarantineReason;
  readonly details: string;
  /** Index in a Caliper envelope's data, or null for the whole message. */
  readonly eventIndex: number | null;
  readonly eventName: string | null;
  /** The message body exactly as received. */
  readonly original: string;
}

/** SQS string attributes Canvas may send alongside the body. */
export interface MessageAttributes {
  readonly event_name?: string | undefined;
  readonly event_time?: string | undefined;
}

export interface ContractOptions {
  /** When the pipeline is writing (epoch ms); the ingested_at column. */
  readonly ingestedAt: number;
  readonly integrations?: IntegrationNames;
}

export interface DecodeResult {
  readonly rows: EventRow[];
  readonly quarantined: QuarantineRecord[];
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const nonEmpty = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

const METADATA_SLOTS: readonly FieldSlot[] = METADATA_COLUMNS.map((c) => ({
  name: c.name,
  path: [c.key],
  schema: c.schema,
}));
const METADATA_KEYS = keySetsOf(METADATA_SLOTS);
METADATA_KEYS.known.add('event_name');
METADATA_KEYS.known.add('event_time');

interface BodyPlan {
  readonly slots: readonly FieldSlot[];
  readonly known: ReadonlySet<string>;
  readonly knownNested: ReadonlyMap<string, ReadonlySet<string>>;
}
const BODY_PLANS = new Map<string, BodyPlan>();
/** Slots and key sets of an event type's body, computed once. */
export function bodyPlanOf(def: EventDef): BodyPlan {
  let plan = BODY_PLANS.get(def.name);
  if (plan === undefined) {
    const slots = def.bodyColumns.map(({ name, path, aliasPaths, schema }) => ({
      name,
      path,
      aliasPaths,
      schema,
    }));
    plan = { slots, ...keySetsOf(slots) };
    BODY_PLANS.set(def.name, plan);
  }
  return plan;
}

/** Everything the row builder needs about one event, whatever its format. */
export interface EventParts {
  readonly table: TableSpec;
  readonly def: EventDef | undefined;
  readonly sourceFormat: SourceFormat;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: number;
  readonly metadata: Record<string, unknown>;
  /** Raw body to validate against the event's schema; ignored for other_events. */
  readonly body: Record<string, unknown> | null;
  readonly bodyJson: string | null;
  readonly caliper: Record<string, unknown> | null;
  readonly issues: Issues;
  readonly extras: Extras;
}

/** Validates metadata and body, classifies provenance, and lays the values out in the table's column order. */
export function buildRow(parts: EventParts, options: ContractOptions): EventRow {
  const values: Record<string, unknown> = {
    event_id: parts.eventId,
    event_name: parts.eventName,
    event_time: parts.eventTime,
    source_format: parts.sourceFormat,
    ingested_at: options.ingestedAt,
  };
  const { issues, extras } = parts;
  validateFields(MetadataSchema, METADATA_SLOTS, parts.metadata, 'metadata.', values, issues);
  if (parts.sourceFormat === 'canvas') {
    collectExtras(parts.metadata, METADATA_KEYS.known, METADATA_KEYS.knownNested, 'metadata.', extras);
  }
  if (parts.def !== undefined && parts.body !== null) {
    const plan = bodyPlanOf(parts.def);
    validateFields(parts.def.bodySchema, plan.slots, parts.body, 'body.', values, issues);
    if (parts.sourceFormat === 'canvas')
      collectExtras(parts.body, plan.known, plan.knownNested, 'body.', extras);
  } else {
    values.body_json = parts.bodyJson;
  }
  if (parts.caliper !== null) Object.assign(values, parts.caliper);
  if (PROVENANCE_TABLES.has(parts.table.name)) {
    Object.assign(
      values,
      classifyProvenance(
        {
          sourceFormat: parts.sourceFormat,
          jobId: values.meta_job_id as string | null,
          jobTag: values.meta_job_tag as string | null,
          developerKeyId: values.meta_developer_key_id as string | null,
          actingUserId: values.meta_user_id as string | null,
          realUserId: values.meta_real_user_id as string | null,
          sessionId: values.meta_session_id as string | null,
          referrer: values.meta_referrer as string | null,
          subjectUserId: (values.user_id as string | null | undefined) ?? null,
        },
        options.integrations,
      ),
    );
  }
  values.validation_issues =
    Object.keys(issues).length > 0 ? redactAccessTokens(stringifyJson(issues)) : null;
  values.extra_json = Object.keys(extras).length > 0 ? redactAccessTokens(stringifyJson(extras)) : null;

  const row: Row = {};
  for (const column of parts.table.columns) row[column.name] = (values[column.name] ?? null) as RowValue;
  return { table: parts.table.name, eventId: parts.eventId, eventTime: parts.eventTime, row };
}

/** Reads event_time from metadata, falling back to the SQS attribute; records a bad metadata value. */
export function resolveEventTime(
  primary: unknown,
  attribute: string | undefined,
  issues: Issues,
  issueKey: string,
): number | null {
  if (primary !== undefined && primary !== null) {
    const t = typeof primary === 'string' ? parseCanvasTime(primary) : null;
    if (t !== null) return t;
    issues[issueKey] = { issue: 'expected a timestamp', value: primary };
  }
  const fromAttribute = attribute === undefined ? null : parseCanvasTime(attribute);
  return fromAttribute;
}
