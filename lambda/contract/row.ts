import type { ColumnSpec, TableSpec } from './columns.js';
import type { EventDef } from './define.js';
import { stringifyJson } from './json.js';
import { METADATA_KEYS, tablePlan } from './plan.js';
import { classifyProvenance } from './provenance.js';
import { implausibleEventTime, utcDate } from './time.js';
import type {
  ContractOptions,
  Extras,
  Issues,
  QuarantineRecord,
  Row,
  RowValue,
  SourceFormat,
} from './types.js';
import { collectExtras, outOfRangeExtras, validateInto } from './validate.js';

export interface DecodeResult {
  readonly rows: EventRow[];
  readonly quarantined: QuarantineRecord[];
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
/** ES2024 string methods (Node 20+), which the ES2023 library types do not declare. */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * A lone UTF-16 surrogate (`"\ud800"` in the JSON) has no UTF-8 form: Parquet and Athena would hold U+FFFD in
 * its place. The row holds U+FFFD too, whatever the format, and `validation_issues` says which column changed.
 * (`extra_json` keeps such a value escaped, losslessly; the raw archive keeps the message.)
 */
function replaceLoneSurrogates(
  values: RowValue[],
  columns: readonly { name: string }[],
  issues: Issues,
): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'string' || (value as unknown as WellFormedString).isWellFormed()) continue;
    const replaced = (value as unknown as WellFormedString).toWellFormed();
    values[i] = replaced;
    issues[columns[i]?.name ?? String(i)] = {
      issue: 'lone UTF-16 surrogate replaced by U+FFFD',
      value: replaced.length > 200 ? `${replaced.slice(0, 200)}…` : replaced,
    };
  }
}

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
  replaceLoneSurrogates(values, parts.table.columns, issues);
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
