import * as z from 'zod';
import { type LogicalType, type RowValueOf, SCHEMA_OF } from './logical-types.js';

/** What the column spec needs to know about one body field; attached to its zod schema. */
export interface FieldMeta {
  readonly type: LogicalType;
  /** The catalog's description of the field. */
  readonly description: string;
  /**
   * Other keys Canvas sends for the same field. The catalog documents `assignment_id_duplicated__from` and its
   * examples send both that and `assignment_id_duplicated_from`: one column reads whichever is present.
   */
  readonly aliases?: readonly string[];
  /** Where the field is documented when it is not in the catalog's schema (a field seen in traffic). */
  readonly note?: string;
}

/** Registry linking each field schema to its column metadata (zod v4 registries are the public API for this). */
export const fieldRegistry = z.registry<FieldMeta>();
/** Nested objects in a body (course, progress, user…) are flattened to `<parent>_<child>` columns. */
export const nestedRegistry = z.registry<{ readonly nested: true }>();

type FieldOptions = Pick<FieldMeta, 'aliases' | 'note'>;

function fieldOf<T extends LogicalType>(type: T) {
  return (description: string, options: FieldOptions = {}) =>
    (SCHEMA_OF[type] as z.ZodType<RowValueOf[T], unknown>)
      .nullish()
      .register(fieldRegistry, { type, description, ...options });
}

/** Field constructors, one per logical type. Every field is optional and nullable: Canvas drops null fields. */
export const id = fieldOf('id');
export const text = fieldOf('string');
export const url = fieldOf('url');
export const bool = fieldOf('boolean');
export const int64 = fieldOf('int64');
export const double = fieldOf('double');
export const timestamp = fieldOf('timestamp');
export const json = fieldOf('json');

/** A nested object whose fields become `<parent>_<child>` columns. Unknown keys are kept. */
export function nested<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.looseObject(shape).nullish().register(nestedRegistry, { nested: true });
}

/**
 * The body of an `*_updated` event whose catalog entry documents (nearly) the same fields as its `*_created`
 * twin: the twin's fields, in the twin's order, with `overrides` replacing a field in place (the catalog words
 * it differently, or the type differs) or appended (a field only the update has), and the `omit`ted ones left
 * out. Column order, types and descriptions are exactly those of writing the body out in full.
 */
export function deriveBody<
  S extends z.core.$ZodLooseShape,
  O extends z.core.$ZodLooseShape,
  K extends keyof S & string = never,
>(base: z.ZodObject<S, z.core.$loose>, overrides: O, omit: readonly K[] = []) {
  const shape: Record<string, z.core.SomeType> = {};
  for (const [key, field] of Object.entries(base.shape))
    if (!(omit as readonly string[]).includes(key))
      shape[key] = key in overrides ? (overrides[key] as z.core.SomeType) : field;
  for (const [key, field] of Object.entries(overrides)) if (!(key in shape)) shape[key] = field;
  return z.looseObject(shape as Omit<S, K | keyof O> & O);
}

/**
 * A path into a Caliper event. Segments are dotted; `ext` stands for `extensions["com.instructure.canvas"]`.
 * A `|urn` suffix takes the trailing id of a Canvas URN. Alternatives may be given: the first present wins.
 */
export type CaliperPath = string | readonly string[];

/**
 * How a Caliper 1.1 event of this type is recognised and mapped onto the Canvas-format columns. A mapping
 * names the object's URN kind, the Caliper event `type`, or both: a NavigationEvent's object can be any
 * entity (`quizzes:quiz`, `lti/tool_proxy`…) and a SessionEvent's object is the Canvas URL, not a URN.
 */
export interface CaliperMapping {
  /** Caliper `action` values (e.g. `Created`). */
  readonly action: string | readonly string[];
  /** Caliper event `type` values (`NavigationEvent`, `AssessmentEvent`…); any type when absent. */
  readonly eventType?: string | readonly string[];
  /** The entity kind in the object's URN (`urn:instructure:canvas:<kind>:<id>`); any object when absent. */
  readonly objectKind?: string;
  /** Caliper object `type`, when the kind alone is ambiguous (a course URN is a CourseOffering or a syllabus Document). */
  readonly objectType?: string;
  /** Object extension keys whose presence identifies this event (enrollment state vs enrollment). */
  readonly objectExtensionKeys?: readonly string[];
  /** Body field (as in the Canvas body) ← Caliper path. Object extensions named like a body field map by name. */
  readonly fields: Readonly<Record<string, CaliperPath>>;
  /** Paths that repeat what is stored elsewhere (an entity's `type`…): read, so not reported as extras. */
  readonly consumes?: readonly string[];
}

/** One body column of an event table, derived from the body schema. */
export interface BodyColumn extends FieldMeta {
  /** Column name: the body key, or `<parent>_<child>` for a nested field. */
  readonly name: string;
  /** Key path in the body: one key, or parent and child. */
  readonly path: readonly [string] | readonly [string, string];
  /** Further top-level keys holding the same field (see FieldMeta.aliases). */
  readonly aliasPaths: readonly (readonly [string])[];
  /** The field's own schema (used to validate one field at a time when the whole body does not validate). */
  readonly schema: z.ZodType;
}

/** Canvas event names are not all valid table names (`outcomes.retry_outcome_alignment_clone`). */
export function tableNameFor(eventName: string): string {
  return eventName.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * Where an event type's shape comes from. `catalog`: Instructure's Live Events catalog (canvas-lms
 * `doc/api/data_services/json`, vendored in test/fixtures/canvas-catalog). `instructure-docs`: documented by
 * Instructure elsewhere (developerdocs.instructure.com) but not in that catalog. `undocumented`: Canvas emits
 * it but Instructure documents no shape; the schema is read from the emitting code (see docs/event-sources.md).
 */
export type EventDocumentation = 'catalog' | 'instructure-docs' | 'undocumented';

export interface EventSource {
  readonly documentation: EventDocumentation;
  /** Where the shape was read: repository, path and commit, or a URL. */
  readonly reference: string;
}

export const CATALOG_SOURCE: EventSource = {
  documentation: 'catalog',
  reference:
    'instructure/canvas-lms doc/api/data_services/json/canvas/event-types (test/fixtures/canvas-catalog)',
};

export interface EventDef {
  /** The event_name Canvas sends. */
  readonly name: string;
  /** The Glue/Athena table and lake folder. */
  readonly table: string;
  readonly definition: string;
  readonly trigger: string;
  readonly bodySchema: z.ZodObject;
  readonly bodyColumns: readonly BodyColumn[];
  readonly caliper?: CaliperMapping;
  readonly source: EventSource;
}

function metaOf(schema: z.ZodType, where: string): FieldMeta {
  const meta = fieldRegistry.get(schema);
  if (meta === undefined) throw new Error(`${where}: body fields must be built with the field constructors`);
  return meta;
}

/** Derives the body columns from a body schema: one per field, nested objects flattened one level. */
export function bodyColumnsOf(eventName: string, body: z.ZodObject): BodyColumn[] {
  const columns: BodyColumn[] = [];
  for (const [key, schema] of Object.entries(body.shape as Record<string, z.ZodType>)) {
    if (nestedRegistry.has(schema)) {
      const inner = (schema as unknown as z.ZodOptional<z.ZodNullable<z.ZodObject>>).unwrap().unwrap();
      for (const [child, childSchema] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
        const meta = metaOf(childSchema, `${eventName}.${key}.${child}`);
        columns.push({
          ...meta,
          name: `${key}_${child}`,
          path: [key, child],
          aliasPaths: [],
          schema: childSchema,
        });
      }
    } else {
      const meta = metaOf(schema, `${eventName}.${key}`);
      for (const alias of meta.aliases ?? []) {
        if (!(alias in body.shape))
          throw new Error(`${eventName}.${key}: alias ${alias} must be in the body schema`);
      }
      const aliasPaths = (meta.aliases ?? []).map((a) => [a] as const);
      columns.push({ ...meta, name: key, path: [key], aliasPaths, schema });
    }
  }
  const aliases = new Set(columns.flatMap((c) => c.aliases ?? []));
  return columns.filter((c) => !aliases.has(c.name));
}

interface EventInput {
  name: string;
  definition: string;
  trigger?: string | null;
  body: z.ZodObject;
  caliper?: CaliperMapping;
  /** Defaults to the catalog. */
  source?: EventSource;
}

export function defineEvent(input: EventInput): EventDef {
  return {
    name: input.name,
    table: tableNameFor(input.name),
    definition: input.definition,
    trigger: input.trigger ?? '',
    bodySchema: input.body,
    bodyColumns: bodyColumnsOf(input.name, input.body),
    ...(input.caliper ? { caliper: input.caliper } : {}),
    source: input.source ?? CATALOG_SOURCE,
  };
}
