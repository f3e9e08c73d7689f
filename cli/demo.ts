import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, type EventRow } from '../lambda/contract/decode.js';
import { formatTable } from './format.js';

const CATALOG = fileURLToPath(new URL('../test/fixtures/canvas-catalog/', import.meta.url));

function* catalogPayloads(): Generator<string> {
  for (const format of ['canvas', 'caliper']) {
    const dir = join(CATALOG, format, 'event-types');
    for (const file of readdirSync(dir).sort()) {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { examples: { payload: unknown }[] };
      for (const example of doc.examples) yield JSON.stringify(example.payload);
    }
  }
}

/** Decodes every catalog example and prints the tables they land in and the provenance of each enrollment. */
export async function demo(_args: string[]): Promise<number> {
  const rows: EventRow[] = [];
  let quarantined = 0;
  for (const payload of catalogPayloads()) {
    const result = decodeMessage(payload, undefined, { ingestedAt: Date.now() });
    rows.push(...result.rows);
    quarantined += result.quarantined.length;
  }
  const enrollments = rows
    .filter((r) => r.table === 'enrollment_created' || r.table === 'enrollment_updated')
    .map((r) => r.row);
  process.stdout.write(
    `Decoded ${rows.length} events from the catalog examples (${quarantined} quarantined).\n\n`,
  );
  process.stdout.write('Who or what made each enrollment:\n');
  process.stdout.write(
    `${formatTable(enrollments, ['event_name', 'source_format', 'enrollment_id', 'user_id', 'created_via', 'provenance_evidence'])}\n`,
  );
  return 0;
}
