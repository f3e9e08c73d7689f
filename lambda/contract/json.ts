import * as crypto from 'node:crypto';

/**
 * JSON helpers for Live Events.
 *
 * Canvas sometimes sends ids as JSON numbers. A global id (`shard * 10^13 + local`) is larger than 2^53, so
 * `JSON.parse` would silently round it. Checking every message's text for such literals costs more than
 * parsing it, so the contract parses first and notes any integer it meets beyond 2^53 (`noteNumber`); a
 * message where that happened is parsed again with its big integer literals read as strings, exactly.
 */
let roundedSeen = 0;

/**
 * Records a number that JSON.parse may have rounded (an integer beyond 2^53). The coercers and schemas call
 * it as they meet numbers; `trackRounding` returns what was noted during one piece of work.
 */
export function noteNumber(n: number): void {
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) roundedSeen++;
}

/** Runs `work` and returns its result with whether it met an integer JSON.parse may have rounded. */
export function trackRounding<T>(work: () => T): { result: T; rounded: boolean } {
  const before = roundedSeen;
  const result = work();
  return { result, rounded: roundedSeen !== before };
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses JSON text; never throws. With `exact`, integer literals of 16+ digits become strings. */
export function parseJson(text: string, exact = false): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(exact ? quoteBigIntegers(text) : text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Wraps unquoted integer literals of 16+ digits in quotes, skipping string contents. */
export function quoteBigIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) i++;
        else break;
      }
      const next = i < n ? text.charCodeAt(i) : 0;
      const isFractionOrExponent = next === 46 || next === 101 || next === 69; // . e E
      const digits = i - start - (c === 45 ? 1 : 0);
      if (digits >= 16 && !isFractionOrExponent) {
        out += `${text.slice(last, start)}"${text.slice(start, i)}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * How deeply JSON text nests arrays and objects, counted up to `limit + 1` (a scan that skips string
 * contents). JSON.parse reads any depth, but walking a parsed value (hashing, validation, serialising) takes
 * stack per level: JSON.stringify overflows past about 3,000 levels on Node 20–24.
 */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/**
 * Whether text could nest deeper than `limit`: only if it holds more than `limit` opening brackets. Counting
 * them with indexOf (a fast native search) settles almost every message without `nestingDepth`'s
 * character-by-character scan.
 */
export function mayNestDeeperThan(text: string, limit: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > limit) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > limit) return true;
  return false;
}

const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash: (a: string, d: string) => string }).hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * A deterministic event id: the first 128 bits of SHA-256 over the event's canonical JSON, which is the parsed
 * event written back compactly (no insignificant whitespace, escapes and numbers normalised, keys in the order
 * Canvas sent them). A redelivered message yields the same id.
 */
export function hashEventId(event: unknown): string {
  return sha256Hex(JSON.stringify(event) ?? 'null').slice(0, 32);
}

/**
 * JSON.stringify that writes bigint values as numbers when safe and as strings otherwise, and a number too
 * large for a double (`1e400` parses as Infinity) as the string "Infinity" rather than JSON.stringify's null.
 */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return String(v);
      noteNumber(v);
    } else if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
    return v;
  });
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
