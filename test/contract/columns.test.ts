import { describe, expect, it } from 'vitest';
import {
  CaliperActorExtensionsSchema,
  CaliperEventExtensionsSchema,
} from '../../lambda/contract/caliper/schema.js';
import {
  COMMON_COLUMNS,
  EVENT_TABLES,
  eventTableSpec,
  METADATA_COLUMNS,
  PROVENANCE_COLUMNS,
} from '../../lambda/contract/columns.js';
import { tableNameFor } from '../../lambda/contract/define.js';
import { EVENT_DEFS, eventDefFor } from '../../lambda/contract/events/index.js';
import { LOGICAL_TYPES } from '../../lambda/contract/logical-types.js';
import { canvasDocs, catalogJson } from '../support/catalog.js';

const squash = (s: string) => s.trim().replace(/\s+/g, ' ');

describe('column spec', () => {
  it('has a schema for every catalog event type, and calls only those catalog-documented', () => {
    const names = canvasDocs().map(({ doc }) => doc.name);
    for (const name of names) expect(eventDefFor(name)?.source.documentation, name).toBe('catalog');
    expect(
      EVENT_DEFS.filter((d) => d.source.documentation === 'catalog')
        .map((d) => d.name)
        .sort(),
    ).toEqual([...names].sort());
  });

  it('has a schema, with its source, for each type Canvas emits beyond the catalog', () => {
    const catalog = new Set(canvasDocs().map(({ doc }) => doc.name));
    const beyond = EVENT_DEFS.filter((d) => !catalog.has(d.name));
    const expected = {
      blueprint_restrictions_updated: 'undocumented',
      blueprint_subscription_created: 'undocumented',
      blueprint_subscription_deleted: 'undocumented',
      content_export_created: 'undocumented',
      convert_new_quiz_youtube_link: 'undocumented',
      default_blueprint_restrictions_updated: 'undocumented',
      discussion_entry_deleted: 'undocumented',
      discussion_entry_updated: 'undocumented',
      heartbeat: 'undocumented',
      master_migration_completed: 'undocumented',
      master_template_created: 'undocumented',
      outcome_friendly_description_created: 'undocumented',
      outcome_friendly_description_updated: 'undocumented',
      'quizzes.item_created': 'instructure-docs',
      'quizzes.quiz_created': 'instructure-docs',
      quiz_export_complete: 'undocumented',
      quizzes_next_migration_urls_complete: 'undocumented',
      quizzes_next_quiz_duplicated: 'undocumented',
      scan_youtube_links: 'undocumented',
    };
    expect(Object.fromEntries(beyond.map((d) => [d.name, d.source.documentation]))).toEqual(expected);
    for (const def of beyond) {
      expect(def.source.reference, def.name).toMatch(
        /instructure\/canvas-lms|developerdocs\.instructure\.com/,
      );
      expect(def.definition, def.name).not.toBe('');
    }
    expect(EVENT_DEFS).toHaveLength(catalog.size + Object.keys(expected).length);
  });

  it('covers every body field the catalog documents, with the catalog description', () => {
    for (const { doc } of canvasDocs()) {
      const def = eventDefFor(doc.name);
      if (def === undefined) throw new Error(doc.name);
      const columns = new Map(def.bodyColumns.map((c) => [c.path.join('.'), c]));
      const aliases = new Map(def.bodyColumns.flatMap((c) => (c.aliases ?? []).map((a) => [a, c] as const)));
      for (const [key, described] of Object.entries(doc.schema)) {
        if (typeof described === 'string') {
          const column = columns.get(key) ?? aliases.get(key);
          expect(column, `${doc.name}.${key}`).toBeDefined();
          if (columns.has(key))
            expect(squash(column?.description ?? ''), `${doc.name}.${key}`).toBe(squash(described));
        } else {
          for (const [child, childDescription] of Object.entries(described)) {
            const column = columns.get(`${key}.${child}`);
            expect(column, `${doc.name}.${key}.${child}`).toBeDefined();
            expect(squash(column?.description ?? '')).toBe(squash(childDescription));
          }
        }
      }
    }
  });

  it('covers every field in the catalog example bodies', () => {
    for (const { doc } of canvasDocs()) {
      const def = eventDefFor(doc.name);
      const known = new Set(def?.bodyColumns.flatMap((c) => [c.path[0], ...(c.aliases ?? [])]));
      for (const example of doc.examples) {
        for (const key of Object.keys((example.payload.body as object) ?? {})) {
          expect(known.has(key), `${doc.name}: example field ${key}`).toBe(true);
        }
      }
    }
  });

  it('has a meta_ column for every metadata field the catalog documents', () => {
    const documented = Object.entries(
      catalogJson<{ schema: Record<string, string> }>('canvas/metadata.json').schema,
    );
    expect(documented).toHaveLength(28);
    for (const [key, description] of documented) {
      if (key === 'event_name' || key === 'event_time') {
        expect(COMMON_COLUMNS.some((c) => c.name === key)).toBe(true);
        continue;
      }
      const column = METADATA_COLUMNS.find((c) => c.key === key);
      expect(column?.name, key).toBe(`meta_${key}`);
      expect(column?.description).toBe(description);
    }
  });

  it('has a schema for every Caliper extension field the catalog documents', () => {
    const events = catalogJson<{ schema: Record<string, Record<string, string>> }>('caliper/extensions.json');
    const actors = catalogJson<{ schema: Record<string, Record<string, string>> }>(
      'caliper/actor_extensions.json',
    );
    for (const fields of Object.values(events.schema)) {
      for (const key of Object.keys(fields))
        expect(CaliperEventExtensionsSchema.shape, key).toHaveProperty(key);
    }
    for (const fields of Object.values(actors.schema)) {
      for (const key of Object.keys(fields))
        expect(CaliperActorExtensionsSchema.shape, key).toHaveProperty(key);
    }
  });

  it('gives every table unique column names, a logical type, a description and the common columns first', () => {
    for (const table of EVENT_TABLES) {
      const names = table.columns.map((c) => c.name);
      expect(new Set(names).size, table.name).toBe(names.length);
      expect(names.slice(0, COMMON_COLUMNS.length)).toEqual(COMMON_COLUMNS.map((c) => c.name));
      for (const column of table.columns) {
        expect(LOGICAL_TYPES).toContain(column.type);
        expect(column.description.length, `${table.name}.${column.name}`).toBeGreaterThan(0);
        expect(column.name).toMatch(/^[a-z][a-z0-9_]*$/);
      }
    }
  });

  it('names tables after events, as valid Athena identifiers', () => {
    expect(tableNameFor('outcomes.retry_outcome_alignment_clone')).toBe(
      'outcomes_retry_outcome_alignment_clone',
    );
    expect(EVENT_TABLES.map((t) => t.name)).toContain('other_events');
    expect(EVENT_TABLES.map((t) => t.name)).toContain('quizzes_item_created');
    // One table per event type, plus other_events.
    expect(EVENT_TABLES.map((t) => t.name).sort()).toEqual(
      [...EVENT_DEFS.map((d) => tableNameFor(d.name)), 'other_events'].sort(),
    );
  });

  it('adds provenance columns to the enrollment tables only', () => {
    const hasProvenance = EVENT_TABLES.filter((t) => t.columns.some((c) => c.name === 'created_via')).map(
      (t) => t.name,
    );
    expect(hasProvenance.sort()).toEqual([
      'enrollment_created',
      'enrollment_state_created',
      'enrollment_state_updated',
      'enrollment_updated',
    ]);
    const enrollment = eventTableSpec('enrollment_created').columns.map((c) => c.name);
    for (const c of PROVENANCE_COLUMNS) expect(enrollment).toContain(c.name);
  });

  it('adds caliper_* columns to the 32 tables with a Caliper form and other_events', () => {
    const withCaliper = EVENT_TABLES.filter((t) => t.caliper).map((t) => t.name);
    expect(withCaliper).toHaveLength(33);
    for (const t of EVENT_TABLES) {
      expect(t.columns.some((c) => c.name === 'caliper_action')).toBe(t.caliper);
    }
  });
});
