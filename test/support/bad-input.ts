import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Recipe =
  | { kind: 'nested'; depth: number }
  | { kind: 'huge_string'; bytes: number }
  | { kind: 'one_megabyte' }
  | { kind: 'long_url'; bytes: number }
  | { kind: 'caliper_many'; events: number }
  | { kind: 'invalid_utf8' };

export interface Expectation {
  readonly outcome: 'row' | 'quarantine' | 'mixed';
  readonly table?: string;
  readonly reason?: string;
  readonly reasons?: readonly string[];
  readonly rows?: number;
  readonly duplicates?: number;
  readonly issues?: readonly string[];
  /** 'ingest': filed under the ingest date, not the event's. */
  readonly dt?: 'ingest';
  readonly secret?: string;
}

export interface BadInputCase {
  readonly id: string;
  readonly description: string;
  readonly expect: Expectation;
  /** 'skipped': a blank line is no message to the command line; 'only': bytes SQS cannot carry. */
  readonly cli?: 'skipped' | 'only';
  /** The message as bytes (exactly what a file line or an SQS body holds). */
  readonly bytes: Uint8Array;
}

const EVENT_TIME = '2026-10-01T12:00:00Z';
const canvas = (metadata: object, body: object) =>
  JSON.stringify({ metadata: { event_name: 'grade_change', event_time: EVENT_TIME, ...metadata }, body });

function build(recipe: Recipe): string | Uint8Array {
  switch (recipe.kind) {
    case 'nested': {
      // {"body":{"a": [[…]]}}: the object, its body, and depth - 2 arrays.
      const inner = '['.repeat(recipe.depth - 2) + ']'.repeat(recipe.depth - 2);
      return `{"metadata":{"event_name":"nested_thing","event_time":"${EVENT_TIME}"},"body":{"a":${inner}}}`;
    }
    case 'huge_string':
      return canvas({}, { submission_id: '1', grade: 'x'.repeat(recipe.bytes) });
    case 'one_megabyte': {
      const shell = canvas({ event_name: 'padded_event' }, { padding: '' });
      return canvas({ event_name: 'padded_event' }, { padding: 'p'.repeat(1024 * 1024 - shell.length) });
    }
    case 'long_url':
      return canvas(
        { url: `https://canvas.example.edu/?q=${'a'.repeat(recipe.bytes)}` },
        { submission_id: '1' },
      );
    case 'caliper_many':
      return JSON.stringify({
        sensor: 'https://canvas.example.edu/',
        sendTime: EVENT_TIME,
        dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p1',
        data: Array.from({ length: recipe.events }, (_, i) => ({
          id: `urn:uuid:00000000-0000-4000-b000-${String(i).padStart(12, '0')}`,
          type: 'NavigationEvent',
          action: 'NavigatedTo',
          eventTime: EVENT_TIME,
          actor: { id: 'urn:instructure:canvas:user:21070000000000001', type: 'Person' },
          object: {
            id: `urn:instructure:canvas:course:2107000000000${String(i).padStart(4, '0')}`,
            type: 'Entity',
          },
        })),
      });
    case 'invalid_utf8': {
      const [before, after] = canvas({}, { submission_id: '1', grade: 'Jos@' }).split('@') as [
        string,
        string,
      ];
      return Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]);
    }
  }
}

const FILE = fileURLToPath(new URL('../fixtures/bad-input/cases.json', import.meta.url));

/** The bad-input corpus of test/fixtures/bad-input/cases.json, with every recipe built. */
export function badInputCorpus(): { secrets: readonly string[]; cases: readonly BadInputCase[] } {
  const doc = JSON.parse(readFileSync(FILE, 'utf8')) as {
    secrets: string[];
    cases: (Omit<BadInputCase, 'bytes'> & { body?: string; recipe?: Recipe })[];
  };
  return {
    secrets: doc.secrets,
    cases: doc.cases.map(({ body, recipe, ...rest }) => {
      const made = recipe === undefined ? (body as string) : build(recipe);
      return { ...rest, bytes: typeof made === 'string' ? Buffer.from(made, 'utf8') : made };
    }),
  };
}
