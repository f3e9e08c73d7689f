import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CATALOG = join(FIXTURES, 'canvas-catalog');

export interface CatalogDoc {
  name: string;
  definition: string;
  trigger: string | null;
  schema: Record<string, string | Record<string, string>>;
  examples: { payload: Record<string, unknown>; description?: string }[];
}

export interface CatalogExample {
  /** catalog file name without .json */
  file: string;
  doc: CatalogDoc;
  index: number;
  payload: Record<string, unknown>;
}

function readDocs(format: 'canvas' | 'caliper'): { file: string; doc: CatalogDoc }[] {
  const dir = join(CATALOG, format, 'event-types');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: f.slice(0, -5),
      doc: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CatalogDoc,
    }));
}

export const canvasDocs = () => readDocs('canvas');
export const caliperDocs = () => readDocs('caliper');

export function examplesOf(format: 'canvas' | 'caliper'): CatalogExample[] {
  return readDocs(format).flatMap(({ file, doc }) =>
    doc.examples.map((e, index) => ({ file, doc, index, payload: e.payload })),
  );
}

export function catalogJson<T>(relative: string): T {
  return JSON.parse(readFileSync(join(CATALOG, relative), 'utf8')) as T;
}

/** Extracts every top-level JSON object that follows a "Payload Example" heading in a seed document. */
export function seedPayloads(file: string): Record<string, unknown>[] {
  const text = readFileSync(join(FIXTURES, 'seeds', file), 'utf8');
  const payloads: Record<string, unknown>[] = [];
  let from = 0;
  for (;;) {
    const heading = text.indexOf('Payload Example', from);
    if (heading < 0) break;
    const start = text.indexOf('{', heading);
    let depth = 0;
    let inString = false;
    let end = start;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    payloads.push(JSON.parse(text.slice(start, end)) as Record<string, unknown>);
    from = end;
  }
  return payloads;
}
