import type * as z from 'zod';
import { CALIPER_COLUMN_DEFS } from './caliper/columns.js';
import { COERCE } from './coerce.js';
import { type ColumnSpec, METADATA_COLUMNS, PROVENANCE_TABLES, type TableSpec } from './columns.js';
import type { EventDef } from './define.js';
import { stringifyJson } from './json.js';
import { type LogicalType, SCHEMA_OF } from './logical-types.js';
import { classifyProvenance, type IntegrationNames } from './provenance.js';
import { implausibleEventTime, parseCanvasTime, utcDate } from './time.js';
import {
  collectExtras,
  type Extras,
  type FieldSlot,
  type Issues,
  keySetsOf,
  outOfRangeExtras,
  validateInto,
} from './validate.js';

export type SourceFormat = 'canvas' | 'caliper';
export type RowValue = string | number | bigint | boolean | null;
/** One row: every column of its table's spec, in spec order (null when absent). */
export type Row = Record<string, RowValue>;

/** Machine-readable reasons a message (or one event of a Caliper envelope) is quarantined. */
export const QUARANTINE_REASONS = [
  'not_json',
  'not_object',
  'unknown_format',
  'empty_envelope',
  'invalid_caliper_event',
  'missing_event_name',
  'bad_event_time',
  'too_deep',
  'decode_failed',
  'invalid_utf8',
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

/** Row layout of one table, computed once: where every value goes and how it is checked. */
export interface TablePlan {
  readonly spec: TableSpec;
  readonly width: number;
  /** Column name → position in the row. */
  readonly index: Readonly<Record<string, number>>;
  readonly metadataSlots: readonly FieldSlot[];
  readonly bodySlots: readonly FieldSlot[];
  readonly bodyKnown: ReadonlySet<string>;
  readonly bodyKnownNested: ReadonlyMap<string, ReadonlySet<string>>;
  readonly caliperSlots: readonly FieldSlot[];
  readonly provenance: boolean;
}

const METADATA_KEYS = keySetsOf(METADATA_COLUMNS.map((c) => ({ path: [c.key] as const })));
METADATA_KEYS.known.add('event_name');
METADATA_KEYS.known.add('event_time');

const PLANS = new Map<string, TablePlan>();

/** The row layout of a table (and, for an event table, its body schema). */
export function tablePlan(spec: TableSpec, def: EventDef | undefined): TablePlan {
  let plan = PLANS.get(spec.name);
  if (plan !== undefined) return plan;
  const index: Record<string, number> = {};
  spec.columns.forEach((c, i) => {
    index[c.name] = i;
  });
  const slot = (
    name: string,
    path: FieldSlot['path'],
    type: LogicalType,
    schema: z.ZodType,
    aliasPaths?: FieldSlot['aliasPaths'],
  ): FieldSlot => {
    const at = index[name];
    if (at === undefined) throw new Error(`${spec.name} has no column ${name}`);
    return {
      index: at,
      path,
      coerce: COERCE[type],
      schema,
      ...(aliasPaths && aliasPaths.length > 0 ? { aliasPaths } : {}),
    };
  };
  const bodySlots = (def?.bodyColumns ?? []).map((c) => slot(c.name, c.path, c.type, c.schema, c.aliasPaths));
  const keys = keySetsOf(bodySlots);
  plan = {
    spec,
    width: spec.columns.length,
    index,
    metadataSlots: METADATA_COLUMNS.map((c) => slot(c.name, [c.key], c.type, c.schema)),
    bodySlots,
    bodyKnown: keys.known,
    bodyKnownNested: keys.knownNested,
    caliperSlots: spec.caliper
      ? CALIPER_COLUMN_DEFS.map((c) => slot(c.name, [c.name], c.type, SCHEMA_OF[c.type].nullish()))
      : [],
    provenance: PROVENANCE_TABLES.has(spec.name),
  };
  PLANS.set(spec.name, plan);
  return plan;
}

/** One event as a row of its table: values in column-spec order. `row` gives the same by column name. */
export class EventRow {
  private named: Row | undefined;

  constructor(
    readonly table: string,
    readonly eventId: string,
    /** event_time, epoch milliseconds UTC (also in the row). */
    readonly eventTime: number,
    /** The `dt` partition: the UTC date of event_time, or of ingest when event_time is implausible. */
    readonly dt: string,
    readonly values: readonly RowValue[],
    private readonly columns: readonly ColumnSpec[],
  ) {}

  /** The row keyed by column name (built on first use; the pipeline works on `values`). */
  get row(): Row {
    if (this.named === undefined) {
      const named: Row = {};
      for (let i = 0; i < this.columns.length; i++)
        named[(this.columns[i] as ColumnSpec).name] = this.values[i] ?? null;
      this.named = named;
    }
    return this.named;
  }
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
  /** Raw caliper_* values (Caliper events only). */
  readonly caliper: Record<string, unknown> | null;
  readonly issues: Issues;
  readonly extras: Extras;
}

const str = (v: RowValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** Validates metadata, body and Caliper facts, classifies provenance, and lays the values out in column order. */
export function buildRow(parts: EventParts, options: ContractOptions): EventRow {
  const plan = tablePlan(parts.table, parts.def);
  const { index } = plan;
  const values: RowValue[] = new Array(plan.width).fill(null);
  values[0] = parts.eventId;
  values[1] = parts.eventName;
  values[2] = parts.eventTime;
  values[3] = parts.sourceFormat;
  values[index.ingested_at as number] = options.ingestedAt;
  const { issues, extras } = parts;
  const implausible = implausibleEventTime(parts.eventTime, options.ingestedAt);
  if (implausible !== null)
    issues.event_time = { issue: implausible, value: new Date(parts.eventTime).toISOString() };
  const dt = utcDate(implausible === null ? parts.eventTime : options.ingestedAt);
  validateInto(plan.metadataSlots, parts.metadata, 'metadata.', values, issues);
  if (parts.sourceFormat === 'canvas') {
    collectExtras(parts.metadata, METADATA_KEYS.known, METADATA_KEYS.knownNested, 'metadata.', extras);
  }
  if (parts.def !== undefined && parts.body !== null) {
    validateInto(plan.bodySlots, parts.body, 'body.', values, issues);
    if (parts.sourceFormat === 'canvas')
      collectExtras(parts.body, plan.bodyKnown, plan.bodyKnownNested, 'body.', extras);
  } else {
    values[index.body_json as number] = parts.bodyJson;
  }
  if (parts.caliper !== null) validateInto(plan.caliperSlots, parts.caliper, 'caliper.', values, issues);
  if (plan.provenance) {
    const at = (name: string) => values[index[name] as number];
    const p = classifyProvenance(
      {
        sourceFormat: parts.sourceFormat,
        jobId: str(at('meta_job_id')),
        jobTag: str(at('meta_job_tag')),
        developerKeyId: str(at('meta_developer_key_id')),
        actingUserId: str(at('meta_user_id')),
        realUserId: str(at('meta_real_user_id')),
        sessionId: str(at('meta_session_id')),
        referrer: str(at('meta_referrer')),
        subjectUserId: index.user_id === undefined ? null : str(at('user_id')),
      },
      options.integrations,
    );
    values[index.created_via as number] = p.created_via;
    values[index.provenance_evidence as number] = p.provenance_evidence;
    values[index.acting_user_id as number] = p.acting_user_id;
    values[index.masqueraded_by as number] = p.masqueraded_by;
    values[index.integration_name as number] = p.integration_name;
  }
  outOfRangeExtras(extras, issues);
  let hasIssues = false;
  for (const _ in issues) {
    hasIssues = true;
    break;
  }
  let hasExtras = false;
  for (const _ in extras) {
    hasExtras = true;
    break;
  }
  values[index.validation_issues as number] = hasIssues ? stringifyJson(issues) : null;
  values[index.extra_json as number] = hasExtras ? stringifyJson(extras) : null;
  return new EventRow(parts.table.name, parts.eventId, parts.eventTime, dt, values, parts.table.columns);
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
