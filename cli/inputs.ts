import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseJson } from '../lambda/contract/json.js';
import type { InboundMessage } from '../lambda/pipeline/ingest.js';
import { CliError } from './errors.js';

/** File kinds `canvas-lake ingest` reads: a JSON document (one event or an array) or one event per line. */
const KINDS: readonly [suffix: string, kind: 'json' | 'lines', gzip: boolean][] = [
  ['.json', 'json', false],
  ['.ndjson', 'lines', false],
  ['.jsonl', 'lines', false],
  ['.json.gz', 'json', true],
  ['.ndjson.gz', 'lines', true],
  ['.jsonl.gz', 'lines', true],
];

function kindOf(path: string): { kind: 'json' | 'lines'; gzip: boolean } | null {
  const name = path.toLowerCase();
  const match = KINDS.filter(([suffix]) => name.endsWith(suffix)).sort(
    (a, b) => b[0].length - a[0].length,
  )[0];
  return match ? { kind: match[1], gzip: match[2] } : null;
}

/** Expands the given paths (files or folders, recursively) into the input files, in a stable order. */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new CliError('no input: give one or more files or folders');
  const files: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && kindOf(path) !== null) files.push(path);
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (info === null) throw new CliError(`no such file or folder: ${given}`);
    if (info.isDirectory()) await walk(path);
    else if (kindOf(path) === null) {
      throw new CliError(`unsupported file type: ${given} (expected .json, .ndjson, .jsonl, optionally .gz)`);
    } else files.push(path);
  }
  return files;
}

async function readText(path: string, gzip: boolean): Promise<string> {
  try {
    const bytes = await readFile(path);
    return gzip ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot read ${path}: ${reason}`);
  }
}

/**
 * The messages in one file, each fed to the pipeline as one SQS message. A `.json` file holding an array gives
 * one message per element; a `.json` file that is not valid JSON is one message (it will be quarantined, not
 * lost). Lines files give one message per non-empty line, verbatim.
 */
export async function* messagesOf(path: string, root: string): AsyncGenerator<InboundMessage> {
  const kind = kindOf(path);
  if (kind === null) return;
  const text = await readText(path, kind.gzip);
  const source = relative(root, path) || basename(path);
  const id = (index: number) => `${createHash('sha1').update(source).digest('hex').slice(0, 12)}-${index}`;
  if (kind.kind === 'lines') {
    let index = 0;
    for (const line of text.split(/\r?\n/)) {
      index++;
      if (line.trim() !== '') yield { messageId: id(index), body: line };
    }
    return;
  }
  const parsed = parseJson(text, true);
  if (parsed.ok && Array.isArray(parsed.value)) {
    let index = 0;
    for (const element of parsed.value) yield { messageId: id(++index), body: JSON.stringify(element) };
  } else {
    yield { messageId: id(1), body: text };
  }
}
