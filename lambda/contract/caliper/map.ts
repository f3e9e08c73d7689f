import { idFromUrn } from '../canvas-ids.js';
import type { CaliperPath, EventDef } from '../define.js';
import { EVENT_DEFS } from '../events/index.js';
import { CALIPER_COLUMN_DEFS } from './columns.js';
import {
  type CompiledPath,
  compileAlternatives,
  compilePath,
  getAt,
  readFirst,
  renderPath,
} from './paths.js';
import { CANVAS_EXT, type CaliperEvent } from './schema.js';

/**
 * Canvas metadata key ← Caliper path: the same columns are filled from either format. The actor is a user
 * only when its id is a user URN: Canvas names itself (`SoftwareApplication`, its URL) as the actor of
 * system events such as an auto-graded GradeEvent. NavigationEvents carry three request fields in the
 * object's extensions, where the Canvas format has them in metadata.
 */
const METADATA_PATHS: Readonly<Record<string, CaliperPath>> = {
  user_id: ['actor.ext.entity_id', 'actor.id|urn:user'],
  real_user_id: 'actor.ext.real_user_id',
  user_login: 'actor.ext.user_login',
  user_sis_id: 'actor.ext.user_sis_id',
  root_account_id: 'actor.ext.root_account_id',
  root_account_lti_guid: 'actor.ext.root_account_lti_guid',
  root_account_uuid: 'actor.ext.root_account_uuid',
  hostname: 'ext.hostname',
  request_id: 'ext.request_id',
  user_agent: 'ext.user_agent',
  client_ip: 'ext.client_ip',
  url: 'ext.request_url',
  job_id: 'ext.job_id',
  job_tag: 'ext.job_tag',
  session_id: 'session.id|urn',
  referrer: ['referrer.id', 'referrer'],
  context_type: 'group.ext.context_type',
  context_id: 'group.ext.entity_id',
  context_account_id: 'object.ext.context_account_id',
  http_method: 'object.ext.http_method',
  developer_key_id: ['ext.developer_key_id', 'object.ext.developer_key_id'],
};

/** caliper_* column ← Caliper path, from the column list (envelope fields are filled by the decoder). */
const CALIPER_PATHS: Readonly<Record<string, CaliperPath>> = Object.fromEntries(
  CALIPER_COLUMN_DEFS.flatMap((c) => ('event' in c.from ? [[c.name, c.from.event]] : [])),
);

/** Paths read for placing the event or redundant with what is stored (membership repeats actor and group). */
const STRUCTURAL_PATHS = [
  '@context',
  'id',
  'eventTime',
  'edApp.type',
  'session.type',
  'referrer.type',
  'membership',
  'object.ext.entity_id',
];

const compileAll = (paths: Readonly<Record<string, CaliperPath>>) =>
  Object.entries(paths).map(([key, spec]) => [key, compileAlternatives(spec)] as const);

const METADATA_COMPILED = compileAll(METADATA_PATHS);
const CALIPER_COMPILED = compileAll(CALIPER_PATHS);
const STRUCTURAL_RENDERED = STRUCTURAL_PATHS.map((p) => compilePath(p).rendered);
const OBJECT_EXT = ['object', 'extensions', CANVAS_EXT] as const;

interface CompiledMapping {
  readonly def: EventDef;
  readonly actions: ReadonlySet<string>;
  readonly eventTypes?: ReadonlySet<string>;
  readonly objectKind?: string;
  readonly objectType?: string;
  readonly objectExtensionKeys?: readonly string[];
  readonly fields: readonly (readonly [string, readonly CompiledPath[]])[];
  /** Body keys filled from a same-named object extension when not mapped explicitly. */
  readonly autoExtensionKeys: ReadonlySet<string>;
  /** Body keys of id type, whose URN values are reduced to the id. */
  readonly idKeys: readonly string[];
  readonly consumes: readonly string[];
}

function compileMapping(def: EventDef): CompiledMapping | null {
  const m = def.caliper;
  if (m === undefined) return null;
  if (m.objectKind === undefined && m.eventType === undefined)
    throw new Error(`${def.name}: a Caliper mapping needs an objectKind or an eventType`);
  const explicit = new Set(Object.keys(m.fields));
  const bodyKeys = def.bodyColumns.filter((c) => c.path.length === 1).map((c) => c.path[0]);
  for (const key of explicit) {
    if (!bodyKeys.includes(key))
      throw new Error(`${def.name}: Caliper mapping names unknown body field ${key}`);
  }
  return {
    def,
    actions: new Set(typeof m.action === 'string' ? [m.action] : m.action),
    ...(m.eventType
      ? { eventTypes: new Set(typeof m.eventType === 'string' ? [m.eventType] : m.eventType) }
      : {}),
    ...(m.objectKind ? { objectKind: m.objectKind } : {}),
    ...(m.objectType ? { objectType: m.objectType } : {}),
    ...(m.objectExtensionKeys ? { objectExtensionKeys: m.objectExtensionKeys } : {}),
    fields: compileAll(m.fields),
    autoExtensionKeys: new Set(bodyKeys.filter((k) => !explicit.has(k))),
    consumes: (m.consumes ?? []).map((p) => compilePath(p).rendered),
    idKeys: def.bodyColumns.filter((c) => c.type === 'id' && c.path.length === 1).map((c) => c.path[0]),
  };
}

/** How many conditions a mapping adds to action and object kind. */
const specificity = (m: CompiledMapping) =>
  Number(m.objectExtensionKeys !== undefined) +
  Number(m.eventTypes !== undefined) +
  Number(m.objectType !== undefined);

/**
 * The more specific mappings are tried first: enrollment state before enrollment (extension keys), a quiz's
 * AssessmentEvent/Submitted before an assignment's Submitted (event type).
 */
export const CALIPER_MAPPINGS: readonly CompiledMapping[] = EVENT_DEFS.map(compileMapping)
  .filter((m): m is CompiledMapping => m !== null)
  .sort((a, b) => specificity(b) - specificity(a));

const BY_NAME = new Map(CALIPER_MAPPINGS.map((m) => [m.def.name, m]));

export function caliperMappingFor(eventName: string): CompiledMapping | undefined {
  return BY_NAME.get(eventName);
}

/** `urn:instructure:canvas:course:123` → `course`. */
export function urnKind(id: unknown): string | null {
  if (typeof id !== 'string') return null;
  const m = /^urn:instructure:canvas:([A-Za-z_]+):/.exec(id);
  return m ? (m[1] as string) : null;
}

/** The Canvas event name of a Caliper event of one of the mapped types, from its action and object. */
export function inferCaliperEventName(event: CaliperEvent): string | null {
  if (typeof event.action !== 'string') return null;
  const kind = urnKind(event.object?.id);
  const ext = getAt(event, OBJECT_EXT);
  for (const m of CALIPER_MAPPINGS) {
    if (!m.actions.has(event.action)) continue;
    if (m.eventTypes !== undefined && !m.eventTypes.has(event.type ?? '')) continue;
    if (m.objectKind !== undefined && m.objectKind !== kind) continue;
    if (m.objectType !== undefined && m.objectType !== event.object?.type) continue;
    if (m.objectExtensionKeys !== undefined) {
      if (typeof ext !== 'object' || ext === null || !m.objectExtensionKeys.some((k) => k in ext)) continue;
    }
    return m.def.name;
  }
  return null;
}

const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();

/** A name for a Caliper event of a type with no mapping: `NavigationEvent`/`NavigatedTo` → `caliper_navigation_event_navigated_to`. */
export function fallbackCaliperEventName(event: CaliperEvent): string | null {
  const parts = [event.type, event.action].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length === 0 ? null : `caliper_${parts.map(snake).join('_')}`;
}

export interface CaliperExtraction {
  /** Pseudo Canvas metadata (raw values, validated by the metadata schema afterwards). */
  readonly metadata: Record<string, unknown>;
  /** Pseudo Canvas body (raw values, validated by the event's body schema afterwards); null for other_events. */
  readonly body: Record<string, unknown> | null;
  readonly caliper: Record<string, unknown>;
  /** Rendered paths that were read: every other leaf of the event is an extra. */
  readonly consumed: Set<string>;
}

/** Maps one Caliper event onto the Canvas columns of its table (or only the common ones for other_events). */
export function extractCaliper(event: CaliperEvent, mapping: CompiledMapping | undefined): CaliperExtraction {
  const consumed = new Set<string>(STRUCTURAL_RENDERED);
  const metadata: Record<string, unknown> = {};
  for (const [key, paths] of METADATA_COMPILED) {
    const v = readFirst(event, paths, consumed);
    if (v !== undefined) metadata[key] = v;
  }
  const caliper: Record<string, unknown> = {};
  for (const [key, paths] of CALIPER_COMPILED) {
    const v = readFirst(event, paths, consumed);
    if (v !== undefined) caliper[key] = v;
  }
  if (mapping === undefined) return { metadata, body: null, caliper, consumed };

  for (const p of mapping.consumes) consumed.add(p);
  const body: Record<string, unknown> = {};
  for (const [key, paths] of mapping.fields) {
    const v = readFirst(event, paths, consumed);
    if (v !== undefined) body[key] = v;
  }
  const ext = getAt(event, OBJECT_EXT);
  if (typeof ext === 'object' && ext !== null) {
    for (const [key, value] of Object.entries(ext)) {
      if (!mapping.autoExtensionKeys.has(key) || value === undefined) continue;
      body[key] = value;
      consumed.add(renderPath([...OBJECT_EXT, key]));
    }
  }
  // Caliper writes ids as URNs (`urn:instructure:canvas:user:21070000000020064`); the columns hold the id.
  for (const key of mapping.idKeys) {
    const v = body[key];
    if (typeof v === 'string' && v.startsWith('urn:')) body[key] = idFromUrn(v);
  }
  return { metadata, body, caliper, consumed };
}
