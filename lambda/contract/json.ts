import { createHash } from 'node:crypto';

/**
 * JSON helpers for Live Events.
 *
 * Canvas sometimes sends ids as JSON numbers. A global id (`shard * 10^13 + local`) is larger than 2^53, so
 * `JSON.parse` would silently round it. Integer literals of 16 or more digits outside strings are therefore
 * read as strings, exactly as written.
 */

// Cheap pre-check: a bare (unquoted) integer of 16+ digits after `:`, `[` or `,`.
const BARE_BIG_INT = /[:[,]\s*-?\d{16,}\s*[,}\]]/;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses JSON text; big integer literals become strings so that no id loses precision. Never throws. */
export function parseJson(text: string): JsonParseResult {
  try {
    const source = BARE_BIG_INT.test(text) ? quoteBigIntegers(text) : text;
    return { ok: true, value: JSON.parse(source) };
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

/** JSON with object keys sorted at every level: the same event always serialises to the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? 'null');
  }
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) s += ',';
      s += canonicalJson(value[i]);
    }
    return `${s}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) s += ',';
    first = false;
    s += `${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${s}}`;
}

/** A deterministic event id: the first 128 bits of SHA-256 over the canonical JSON, as 32 hex characters. */
export function hashEventId(event: unknown): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 32);
}

/** JSON.stringify that writes bigint values as numbers when safe and as strings otherwise. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'bigint'
      ? v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : v.toString()
      : v,
  );
}
