import { idFromUrn } from '../canvas-ids.js';
import type { CaliperPath } from '../define.js';
import { CANVAS_EXT } from './schema.js';

/** A compiled Caliper path: real key segments, and whether to take the URN's trailing id. */
export interface CompiledPath {
  readonly segments: readonly string[];
  readonly urn: boolean;
  /** With `|urn:<kind>`: only a URN of that kind is read (an actor that is the Canvas application is no user). */
  readonly urnKind?: string;
  /** Rendered like the catalog documents it: `object.extensions["com.instructure.canvas"].lock_at`. */
  readonly rendered: string;
}

const IDENTIFIER = /^[A-Za-z_$@][\w$]*$/;

/** A path rendered one segment further: `a.b`, or `a["com.instructure.canvas"]` for a key that is no identifier. */
function renderChild(prefix: string, segment: string): string {
  if (IDENTIFIER.test(segment) && segment !== CANVAS_EXT)
    return prefix === '' ? segment : `${prefix}.${segment}`;
  return `${prefix}[${JSON.stringify(segment)}]`;
}

export function renderPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out = renderChild(out, s);
  return out;
}

const MODIFIER = /^urn(?::([A-Za-z_]+))?$/;

export function compilePath(spec: string): CompiledPath {
  const [path, modifier] = spec.split('|') as [string, string | undefined];
  const m = modifier === undefined ? null : MODIFIER.exec(modifier);
  if (modifier !== undefined && m === null) throw new Error(`unknown path modifier in ${spec}`);
  const segments = path.split('.').flatMap((s) => (s === 'ext' ? ['extensions', CANVAS_EXT] : [s]));
  return {
    segments,
    urn: m !== null,
    ...(m?.[1] ? { urnKind: m[1] } : {}),
    rendered: renderPath(segments),
  };
}

export function compileAlternatives(spec: CaliperPath): readonly CompiledPath[] {
  return (typeof spec === 'string' ? [spec] : spec).map(compilePath);
}

export function getAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const s of segments) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

/** The first alternative present (not null/undefined), with the URN modifier applied; records what it read. */
export function readFirst(root: unknown, paths: readonly CompiledPath[], consumed: Set<string>): unknown {
  for (const p of paths) consumed.add(p.rendered);
  for (const p of paths) {
    const v = getAt(root, p.segments);
    if (v === undefined || v === null) continue;
    if (
      p.urnKind !== undefined &&
      !(typeof v === 'string' && v.startsWith(`urn:instructure:canvas:${p.urnKind}:`))
    )
      continue;
    return p.urn && typeof v === 'string' ? idFromUrn(v) : v;
  }
  return undefined;
}

/**
 * Leaves of a Caliper event that no mapping read: they go to extra_json so nothing is lost.
 * Arrays are leaves; empty objects carry nothing.
 */
export function unreadLeaves(
  root: Record<string, unknown>,
  consumed: ReadonlySet<string>,
  out: Record<string, unknown>,
) {
  // Each path is rendered once, from its parent's (not again from the root for every leaf).
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const key in node) {
      const value = node[key];
      const rendered = renderChild(prefix, key);
      if (consumed.has(rendered)) continue;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        walk(value as Record<string, unknown>, rendered);
      } else if (value !== undefined && value !== null) {
        out[rendered] = value;
      }
    }
  };
  walk(root, '');
}
