import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
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

/**
 * The largest `.json` document read whole (after decompression). A JSON document is parsed in one piece, and
 * JavaScript strings stop at about 512 MB; anything bigger belongs in NDJSON, which is streamed line by line.
 */
export const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

export interface InputFile {
  readonly path: string;
  /** Size on disk (compressed for .gz): what progress is measured in. */
  readonly bytes: number;
  readonly kind: 'json' | 'lines';
  readonly gzip: boolean;
}

/** A file or folder entry that was not read, and why. */
export interface InputProblem {
  readonly path: string;
  readonly reason: string;
}

/** An input file that could not be read to its end: what was read before the failure is ingested. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

function kindOf(path: string): { kind: 'json' | 'lines'; gzip: boolean } | null {
  const name = path.toLowerCase();
  const match = KINDS.filter(([suffix]) => name.endsWith(suffix)).sort(
    (a, b) => b[0].length - a[0].length,
  )[0];
  return match ? { kind: match[1], gzip: match[2] } : null;
}

/**
 * Expands the given paths (files or folders, recursively, following symbolic links) into the input files, in a
 * stable order. Entries inside folders that cannot be read as events are listed in `skipped` with the reason,
 * never dropped silently; a path given explicitly that does not exist or is not an event file is a usage error.
 */
export async function listInputFiles(
  paths: readonly string[],
): Promise<{ files: InputFile[]; skipped: InputProblem[] }> {
  if (paths.length === 0) throw new CliError('no input: give one or more files or folders');
  const files: InputFile[] = [];
  const skipped: InputProblem[] = [];
  const visited = new Set<string>();
  const add = (path: string, bytes: number) => {
    const kind = kindOf(path);
    if (kind !== null) files.push({ path, bytes, ...kind });
  };
  const walk = async (dir: string) => {
    const real = await realpath(dir);
    if (visited.has(real)) {
      skipped.push({ path: dir, reason: 'a symbolic link to a folder already read (loop or repeat)' });
      return;
    }
    visited.add(real);
    const entries = (await readdir(dir)).sort((a, b) => a.localeCompare(b));
    for (const name of entries) {
      const path = join(dir, name);
      // stat follows symbolic links: a linked file or folder is read like any other.
      const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
      if (info instanceof Error) {
        skipped.push({ path, reason: info.code === 'ENOENT' ? 'a broken symbolic link' : info.message });
      } else if (info.isDirectory()) await walk(path);
      else if (!info.isFile()) skipped.push({ path, reason: 'not a regular file' });
      else if (kindOf(path) === null)
        skipped.push({ path, reason: 'not an event file (.json, .ndjson or .jsonl, optionally .gz)' });
      else add(path, info.size);
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (info === null) throw new CliError(`no such file or folder: ${given}`);
    if (info.isDirectory()) await walk(path);
    else if (kindOf(path) === null) {
      throw new CliError(`unsupported file type: ${given} (expected .json, .ndjson, .jsonl, optionally .gz)`);
    } else add(path, info.size);
  }
  return { files, skipped };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/**
 * Text of a line or document. Bytes that are not UTF-8 are not silently replaced: the text carries U+FFFD in
 * their place and `encodingError` says where the invalid bytes were and what they were, so the pipeline
 * quarantines the message (`invalid_utf8`) with them.
 */
function decodeText(bytes: Uint8Array): { text: string; encodingError?: string } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const invalid: string[] = [];
    let i = 0;
    while (i < bytes.length && invalid.length < 8) {
      const length = utf8SequenceLength(bytes, i);
      if (length === 0) {
        invalid.push(`${(bytes[i] as number).toString(16).padStart(2, '0')} at byte ${i}`);
        i++;
      } else i += length;
    }
    return {
      text: utf8Lenient.decode(bytes),
      encodingError: `not valid UTF-8: byte ${invalid.join(', byte ')}; each was replaced by U+FFFD in the original`,
    };
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const continuation = (k: number) => {
    const c = bytes[i + k];
    return c !== undefined && (c & 0xc0) === 0x80;
  };
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return continuation(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) return continuation(1) && continuation(2) ? 3 : 0;
  if (b >= 0xf0 && b <= 0xf4) return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  return 0;
}

/** A stable id prefix for the messages of a file: its path relative to the inputs' root. */
export function sourceIdOf(path: string, root: string): { id: string; source: string } {
  const source = relative(root, path) || basename(path);
  return { id: createHash('sha1').update(source).digest('hex').slice(0, 12), source };
}

function message(id: string, index: number, bytes: Uint8Array): InboundMessage {
  const { text, encodingError } = decodeText(bytes);
  return { messageId: `${id}-${index}`, body: text, ...(encodingError ? { encodingError } : {}) };
}

const isBlank = (bytes: Uint8Array) => {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return false;
  return true;
};

/**
 * The messages in one file, each fed to the pipeline as one SQS message; message ids are `<file id>-<n>` where n
 * is the line (lines files) or the array element (JSON). Lines files are streamed chunk by chunk, so a file of
 * any size is read in bounded memory; `onBytes` reports the bytes read from disk as they are. A file that
 * breaks off (a truncated .gz) yields what it held up to the break, its last partial line included (it will be
 * quarantined, not lost), then throws an InputError.
 */
export async function* messagesOf(
  file: InputFile,
  root: string,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<InboundMessage> {
  const { id } = sourceIdOf(file.path, root);
  if (file.kind === 'json') {
    yield* jsonDocumentMessages(file, id, onBytes);
    return;
  }
  const disk = createReadStream(file.path);
  disk.on('data', (chunk) => onBytes(chunk.length));
  const stream = file.gzip ? disk.pipe(createGunzip()) : disk;
  disk.on('error', (error) => stream.destroy(error));
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        line++;
        const bytes = data.subarray(start, nl > start && data[nl - 1] === 0x0d ? nl - 1 : nl);
        if (!isBlank(bytes)) yield message(id, line, bytes);
        start = nl + 1;
      }
      data = data.subarray(start);
      // Keep the unfinished line (copied, so the chunk it came from can be freed).
      pending = Buffer.from(data);
    }
  } catch (error) {
    if (!isBlank(pending)) yield message(id, line + 1, pending);
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`${file.gzip ? 'gzip' : 'read'} failed after line ${line}: ${reason}`);
  }
  if (!isBlank(pending)) yield message(id, line + 1, pending);
}

async function* jsonDocumentMessages(
  file: InputFile,
  id: string,
  onBytes: (bytes: number) => void,
): AsyncGenerator<InboundMessage> {
  if (!file.gzip && file.bytes > MAX_JSON_DOCUMENT_BYTES) throw tooLarge(file.bytes);
  let bytes: Buffer;
  try {
    const onDisk = await readFile(file.path);
    onBytes(onDisk.length);
    bytes = file.gzip ? gunzipSync(onDisk, { maxOutputLength: MAX_JSON_DOCUMENT_BYTES + 1 }) : onDisk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(MAX_JSON_DOCUMENT_BYTES + 1);
    throw new InputError(`cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (bytes.length > MAX_JSON_DOCUMENT_BYTES) throw tooLarge(bytes.length);
  const whole = message(id, 1, bytes);
  if (whole.encodingError !== undefined) {
    yield whole;
    return;
  }
  // A byte-order mark would hide the array: the contract ignores it in a message, so do the same here.
  const text = whole.body.charCodeAt(0) === 0xfeff ? whole.body.slice(1) : whole.body;
  const parsed = parseJson(text, true);
  if (parsed.ok && Array.isArray(parsed.value)) {
    let index = 0;
    for (const element of parsed.value)
      yield { messageId: `${id}-${++index}`, body: JSON.stringify(element) };
  } else {
    // One event, or text that is not JSON: one message (quarantined by the contract if it is broken).
    yield whole;
  }
}

const tooLarge = (bytes: number) =>
  new InputError(
    `a .json document of ${Math.round(bytes / 1024 / 1024)} MB is over the ${MAX_JSON_DOCUMENT_BYTES / 1024 / 1024} MB read whole; write one event per line (.ndjson), which is streamed`,
  );
