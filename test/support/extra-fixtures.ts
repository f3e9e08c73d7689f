import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './catalog.js';

/** One fixture file: `<dir>/<event_name>/<variant>.json`. */
export interface ExtraFixture {
  readonly event: string;
  readonly variant: string;
  /** The exact text of the file (ids beyond 2^53 keep their digits). */
  readonly text: string;
  readonly payload: Record<string, unknown>;
  /** For a Caliper fixture, the Canvas-format twin `<variant>.canvas.json` when there is one. */
  readonly twin?: { readonly text: string; readonly payload: Record<string, unknown> };
}

function read(dir: string): ExtraFixture[] {
  const root = join(FIXTURES, dir);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((event) => {
      const files = readdirSync(join(root, event)).sort();
      return files
        .filter((f) => f.endsWith('.json') && !f.endsWith('.canvas.json'))
        .map((f) => {
          const variant = f.slice(0, -'.json'.length);
          const text = readFileSync(join(root, event, f), 'utf8');
          const twinFile = `${variant}.canvas.json`;
          const twinText = files.includes(twinFile)
            ? readFileSync(join(root, event, twinFile), 'utf8')
            : null;
          return {
            event,
            variant,
            text,
            payload: JSON.parse(text) as Record<string, unknown>,
            ...(twinText === null
              ? {}
              : { twin: { text: twinText, payload: JSON.parse(twinText) as Record<string, unknown> } }),
          };
        });
    });
}

/** Caliper 1.1 envelopes of the nine types beyond the seed documents, written from Instructure's Caliper catalog. */
export const caliperExtraFixtures = () => read('caliper-extra');

/** Canvas-format (and New Quizzes) payloads of the types the catalog omits, written from the emitting code. */
export const eventsExtraFixtures = () => read('events-extra');
