import { noteNumber, stringifyJson } from './json.js';
import type { LogicalType } from './logical-types.js';
import { INT64_MAX, INT64_MIN, INTEGER_TEXT, NUMBER_TEXT } from './number-text.js';
import { redactSecrets } from './redact.js';
import { epochNumberToMillis, parseCanvasTime } from './time.js';
import type { RowValue } from './types.js';
import { cleanUrl } from './urls.js';

/** Returned by a coercer for a value of the wrong type. */
export const INVALID: unique symbol = Symbol('invalid');
export type Coercer = (value: unknown) => RowValue | typeof INVALID;

const int64 = (n: bigint) => (n < INT64_MIN || n > INT64_MAX ? INVALID : n);

/**
 * The hot-path form of the zod field schemas (`logical-types.ts`): plain functions with exactly the same
 * semantics, compiled once per type. zod stays the contract and writes the message when a value fails; a
 * property test checks that both agree on arbitrary input.
 */
export const COERCE: { readonly [K in LogicalType]: Coercer } = {
  id: (v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) return INVALID;
      noteNumber(v);
      return String(v);
    }
    return typeof v === 'bigint' ? v.toString() : INVALID;
  },
  string: (v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return INVALID;
      noteNumber(v);
      return String(v);
    }
    return typeof v === 'boolean' ? String(v) : INVALID;
  },
  url: (v) => (typeof v === 'string' ? cleanUrl(v) : INVALID),
  boolean: (v) =>
    typeof v === 'boolean'
      ? v
      : v === 'true' || v === 'TRUE'
        ? true
        : v === 'false' || v === 'FALSE'
          ? false
          : INVALID,
  int64: (v) => {
    if (typeof v === 'bigint') return int64(v);
    if (typeof v === 'number') {
      noteNumber(v);
      return Number.isSafeInteger(v) ? BigInt(v) : INVALID;
    }
    if (typeof v === 'string' && INTEGER_TEXT.test(v)) return int64(BigInt(v.trim()));
    return INVALID;
  },
  double: (v) => {
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && NUMBER_TEXT.test(v) ? Number(v) : Number.NaN;
    return Number.isFinite(n) ? n : INVALID;
  },
  timestamp: (v) => {
    const t =
      typeof v === 'string' ? parseCanvasTime(v) : typeof v === 'number' ? epochNumberToMillis(v) : null;
    return t === null ? INVALID : t;
  },
  json: (v) => {
    const text = stringifyJson(v) as string | undefined;
    // Like JsonSchema: an absent value stays absent (validateInto never passes one).
    return text === undefined ? (text as unknown as RowValue) : redactSecrets(text);
  },
};
