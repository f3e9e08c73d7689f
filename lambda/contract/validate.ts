import type * as z from 'zod';
import { type Coercer, INVALID } from './coerce.js';
import { type Extras, type Issues, isPlainObject, type RowValue } from './types.js';

/** Where a field is in the raw object, where it goes in the row, and how it is checked. */
export interface FieldSlot {
  /** Position of the column in the row. */
  readonly index: number;
  readonly path: readonly [string] | readonly [string, string];
  /** Other top-level keys that hold the same field; the first present value wins. */
  readonly aliasPaths?: readonly (readonly [string])[];
  /** Fast check and normalisation, compiled from the column's logical type. */
  readonly coerce: Coercer;
  /** The zod schema of the field: the contract, and the source of the message when a value fails. */
  readonly schema: z.ZodType;
}

function at(obj: Record<string, unknown>, path: readonly string[]): unknown {
  const first = obj[path[0] as string];
  if (path.length === 1) return first;
  return isPlainObject(first) ? first[path[1] as string] : undefined;
}

/** The slot's value and the key path it came from (the primary path unless only an alias is present). */
function slotValue(obj: Record<string, unknown>, slot: FieldSlot): [unknown, readonly string[]] {
  const value = at(obj, slot.path);
  if ((value === undefined || value === null) && slot.aliasPaths !== undefined) {
    for (const alias of slot.aliasPaths) {
      const v = obj[alias[0]];
      if (v !== undefined && v !== null) return [v, alias];
    }
  }
  return [value, slot.path];
}

/**
 * Validates the fields of an object into a row: each value is checked and normalised by its column's
 * coercer. A value of the wrong type makes that column null and is recorded (with zod's message and the
 * value itself), never dropping the event.
 */
export function validateInto(
  slots: readonly FieldSlot[],
  raw: Record<string, unknown>,
  prefix: string,
  values: RowValue[],
  issues: Issues,
): void {
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as FieldSlot;
    const [value, path] = slotValue(raw, slot);
    if (value === undefined || value === null) continue;
    const coerced = slot.coerce(value);
    if (coerced !== INVALID) {
      values[slot.index] = coerced;
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      issues[`${prefix}${path.join('.')}`] = { issue: OUT_OF_RANGE, value: String(value) };
      continue;
    }
    const checked = slot.schema.safeParse(value);
    if (checked.success) {
      // The coercer and the schema disagree: trust the contract (a property test keeps this branch unused).
      values[slot.index] = (checked.data ?? null) as RowValue;
    } else {
      issues[`${prefix}${path.join('.')}`] = {
        issue: checked.error.issues[0]?.message ?? 'invalid',
        value,
      };
    }
  }
  // A nested object that is not an object at all (course: "x") is recorded once, as itself.
  for (const slot of slots) {
    if (slot.path.length === 2) {
      const parent = raw[slot.path[0]];
      if (parent !== undefined && parent !== null && !isPlainObject(parent)) {
        issues[`${prefix}${slot.path[0]}`] = { issue: 'expected an object', value: parent };
      }
    }
  }
}

/** The issue of a JSON number beyond the range of a double (`1e400`), which JSON.parse reads as Infinity. */
export const OUT_OF_RANGE = 'number out of range (beyond ±1.8e308)';

/** Records every extra field that is a number out of range, so that it is never silently lost. */
export function outOfRangeExtras(extras: Extras, issues: Issues): void {
  for (const key in extras) {
    const value = extras[key];
    if (typeof value === 'number' && !Number.isFinite(value))
      issues[key] = { issue: OUT_OF_RANGE, value: String(value) };
  }
}

/** Keys of `raw` (and of its known nested objects) that no slot reads. */
export function collectExtras(
  raw: Record<string, unknown>,
  known: ReadonlySet<string>,
  knownNested: ReadonlyMap<string, ReadonlySet<string>>,
  prefix: string,
  extras: Extras,
): void {
  for (const key in raw) {
    const children = knownNested.get(key);
    if (children !== undefined) {
      const value = raw[key];
      if (isPlainObject(value)) {
        for (const child of Object.keys(value)) {
          if (!children.has(child)) extras[`${prefix}${key}.${child}`] = value[child];
        }
      }
      continue;
    }
    if (!known.has(key)) extras[`${prefix}${key}`] = raw[key];
  }
}

/** Key sets for extras detection. */
export function keySetsOf(slots: readonly Pick<FieldSlot, 'path' | 'aliasPaths'>[]): {
  known: Set<string>;
  knownNested: Map<string, Set<string>>;
} {
  const known = new Set<string>();
  const knownNested = new Map<string, Set<string>>();
  for (const slot of slots) {
    for (const alias of slot.aliasPaths ?? []) known.add(alias[0]);
    if (slot.path.length === 1) known.add(slot.path[0]);
    else {
      const set = knownNested.get(slot.path[0]) ?? new Set<string>();
      set.add(slot.path[1]);
      knownNested.set(slot.path[0], set);
    }
  }
  return { known, knownNested };
}
