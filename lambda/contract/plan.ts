import type * as z from 'zod';
import { CALIPER_COLUMN_DEFS } from './caliper/columns.js';
import { COERCE } from './coerce.js';
import { METADATA_COLUMNS, PROVENANCE_TABLES, type TableSpec } from './columns.js';
import type { EventDef } from './define.js';
import { type LogicalType, SCHEMA_OF } from './logical-types.js';
import { type FieldSlot, keySetsOf } from './validate.js';

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

/** Metadata keys the contract reads: anything else in metadata goes to extra_json. */
export const METADATA_KEYS = keySetsOf(METADATA_COLUMNS.map((c) => ({ path: [c.key] as const })));
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
