import type * as z from 'zod';
import { redactAccessTokens } from './urls.js';

/** A value that failed its type: the column becomes null and the row keeps this. */
export interface FieldIssue {
  readonly issue: string;
  readonly value: unknown;
}

/** A field to validate: where it is in the object, and its schema. */
export interface FieldSlot {
  readonly name: string;
  readonly path: readonly [string] | readonly [string, string];
  /** Other top-level keys that hold the same field; the first present value wins. */
  readonly aliasPaths?: readonly (readonly [string])[];
  readonly schema: z.ZodType;
}

export type Issues = Record<string, FieldIssue>;
export type Extras = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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

function issueOf(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'invalid';
}

/**
 * Validates an object against its zod schema and returns one value per slot (null when absent or invalid).
 * The whole object is parsed first; only when that fails is each field parsed on its own, so one bad field
 * nulls that field and is recorded, never the event.
 */
export function validateFields(
  schema: z.ZodType,
  slots: readonly FieldSlot[],
  raw: Record<string, unknown>,
  prefix: string,
  out: Record<string, unknown>,
  issues: Issues,
): void {
  const whole = schema.safeParse(raw);
  if (whole.success) {
    const data = whole.data as Record<string, unknown>;
    for (const slot of slots) out[slot.name] = slotValue(data, slot)[0] ?? null;
    return;
  }
  for (const slot of slots) {
    const [value, path] = slotValue(raw, slot);
    if (value === undefined || value === null) {
      out[slot.name] = null;
      continue;
    }
    const one = slot.schema.safeParse(value);
    if (one.success) {
      out[slot.name] = one.data ?? null;
    } else {
      out[slot.name] = null;
      issues[`${prefix}${path.join('.')}`] = { issue: issueOf(one.error), value: redactValue(value) };
    }
  }
  // A nested object that is not an object at all (course: "x") fails as a whole.
  for (const slot of slots) {
    if (slot.path.length === 2) {
      const parent = raw[slot.path[0]];
      if (parent !== undefined && parent !== null && !isPlainObject(parent)) {
        issues[`${prefix}${slot.path[0]}`] = { issue: 'expected an object', value: redactValue(parent) };
      }
    }
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
  for (const key of Object.keys(raw)) {
    const children = knownNested.get(key);
    if (children !== undefined) {
      const value = raw[key];
      if (isPlainObject(value)) {
        for (const child of Object.keys(value)) {
          if (!children.has(child)) extras[`${prefix}${key}.${child}`] = redactValue(value[child]);
        }
      }
      continue;
    }
    if (!known.has(key)) extras[`${prefix}${key}`] = redactValue(raw[key]);
  }
}

/** Access tokens never reach a row, not even inside validation_issues or extra_json. */
function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactAccessTokens(value);
  if (typeof value === 'object' && value !== null) {
    return JSON.parse(
      redactAccessTokens(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
    );
  }
  return value;
}

/** Precomputed key sets for extras detection. */
export function keySetsOf(slots: readonly FieldSlot[]): {
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
