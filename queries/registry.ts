/**
 * The saved queries: one registry that the CDK named-query construct, the local DuckDB runner and the Athena
 * runner all read. Each query is a `.sql` file written in the SQL subset that both Athena (Trino) and
 * DuckDB run; `render.ts` fills in its parameters.
 */
export type ParamType = 'date' | 'string';

/** A parameter default: a fixed value, none (NULL), or a date relative to today (UTC). */
export type ParamDefault = { readonly daysAgo: number } | { readonly value: string } | null;

export interface QueryParam {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  readonly default: ParamDefault;
}

export interface QueryDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** File in queries/sql/. */
  readonly file: string;
  readonly parameters: readonly QueryParam[];
  /**
   * Reads the restricted database (raw_events, quarantine: whole messages). Saved in the operators' workgroup
   * (`canvas-lake-<stage>-restricted`) instead of the analysts'.
   */
  readonly restricted?: boolean;
}

/** Every query that reads events filters on a dt range given by these two (ISO dates, inclusive). */
export const DT_RANGE: readonly QueryParam[] = [
  {
    name: 'dt_from',
    type: 'date',
    description: 'First day (UTC, YYYY-MM-DD), inclusive.',
    default: { daysAgo: 30 },
  },
  {
    name: 'dt_to',
    type: 'date',
    description: 'Last day (UTC, YYYY-MM-DD), inclusive.',
    default: { daysAgo: 0 },
  },
];

const optional = (name: string, description: string): QueryParam => ({
  name,
  type: 'string',
  description,
  default: null,
});

export const QUERIES: readonly QueryDef[] = [
  {
    id: 'enrollment_provenance',
    name: 'Who or what created each enrollment',
    description:
      'One row per distinct enrollment creation, with how it was made (SIS import, API integration, web UI, self-enrollment, background job) and the evidence.',
    file: 'enrollment_provenance.sql',
    parameters: [...DT_RANGE, optional('course_id', 'Only this course (Canvas id).')],
  },
  {
    id: 'enrollment_provenance_summary',
    name: 'Enrollment creations by source',
    description:
      'Counts of enrollment creations by created_via and enrollment type, optionally for one course or account.',
    file: 'enrollment_provenance_summary.sql',
    parameters: [
      ...DT_RANGE,
      optional('course_id', 'Only this course (Canvas id).'),
      optional('account_id', 'Only courses of this account (Canvas id of the course account).'),
    ],
  },
  {
    id: 'enrollment_sources_daily',
    name: 'Enrollment creations per day and source',
    description: 'Enrollment creations per UTC day and created_via.',
    file: 'enrollment_sources_daily.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'enrollment_audit_trail',
    name: 'Enrollment audit trail',
    description:
      'Every created, updated and state event for one enrollment, user or course, in time order, with who made it and how.',
    file: 'enrollment_audit_trail.sql',
    parameters: [
      ...DT_RANGE,
      optional('enrollment_id', 'Only this enrollment.'),
      optional('user_id', 'Only enrollments of this user.'),
      optional('course_id', 'Only enrollments in this course.'),
    ],
  },
  {
    id: 'enrollments_outside_integrations',
    name: 'Enrollments made outside SIS and configured integrations',
    description:
      'Enrollment creations not made by an SIS import and not by a configured integration: the ones someone added by hand (or an unnamed integration).',
    file: 'enrollments_outside_integrations.sql',
    parameters: [...DT_RANGE, optional('course_id', 'Only this course (Canvas id).')],
  },
  {
    id: 'teacher_added_teachers',
    name: 'Teachers added by another teacher in the web UI',
    description: 'Teacher enrollments created in the web UI by a user acting as a teacher of the course.',
    file: 'teacher_added_teachers.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'quarantine_summary',
    name: 'Quarantined messages',
    description: 'Quarantined messages (or Caliper events) per day and reason, with an example.',
    file: 'quarantine_summary.sql',
    parameters: [...DT_RANGE],
    restricted: true,
  },
  {
    id: 'ingest_lag',
    name: 'Ingest lag',
    description: 'Seconds between event_time and ingested_at per table: percentiles and maximum.',
    file: 'ingest_lag.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'schema_drift',
    name: 'Schema drift',
    description:
      'Fields Canvas sent that the schema does not know (extra_json) or that failed their type (validation_issues), by table and field.',
    file: 'schema_drift.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'untyped_events',
    name: 'Untyped events',
    description:
      'Events of types with no table (kept whole in other_events) by event name and format: count, days seen, first and last time. What of your own traffic is still untyped.',
    file: 'untyped_events.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'invocation_costs',
    name: 'Cost per invocation',
    description: 'Every Lambda invocation with what it processed and its estimated cost in USD.',
    file: 'invocation_costs.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'costs_daily',
    name: 'Cost per day',
    description: 'Estimated cost per UTC day with its components, volumes and USD per million events.',
    file: 'costs_daily.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'cost_per_million_events',
    name: 'Cost per million events',
    description: 'Estimated USD per million events over the period, by cost component.',
    file: 'cost_per_million_events.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'cost_by_table',
    name: 'Cost by event type',
    description:
      "Each event table's share of the cost: every invocation's cost split by the rows it wrote to each table.",
    file: 'cost_by_table.sql',
    parameters: [...DT_RANGE],
  },
  {
    id: 'maintenance_costs',
    name: 'Maintenance cost beside ingest cost',
    description:
      'Per day: what ingest cost, what compaction and replay cost, how many partitions and rows compaction rewrote and how many duplicates it removed, and maintenance as a share of the total.',
    file: 'maintenance_costs.sql',
    parameters: [...DT_RANGE],
  },
];

export function queryById(id: string): QueryDef | undefined {
  return QUERIES.find((q) => q.id === id);
}
