import * as z from 'zod';
import { noteNumber, stringifyJson } from './json.js';
import { INT64_MAX, INT64_MIN, INTEGER_TEXT, NUMBER_TEXT } from './number-text.js';
import { redactSecrets } from './redact.js';
import { epochNumberToMillis, parseCanvasTime } from './time.js';
import { cleanUrl } from './urls.js';

/**
 * The logical column types of the lake. Each maps to one Parquet physical type and one Glue/Athena type
 * (see `lambda/lake/formats/parquet.ts` and `lib/constructs/lake-catalog.ts`), and to one zod schema that accepts what Canvas
 * really sends and normalises it.
 */
export const LOGICAL_TYPES = [
  'string',
  'id',
  'url',
  'boolean',
  'int64',
  'double',
  'timestamp',
  'json',
] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];

/** The JavaScript value a row holds for each logical type (null when absent). */
export interface RowValueOf {
  string: string;
  id: string;
  url: string;
  boolean: boolean;
  int64: bigint;
  double: number;
  /** Epoch milliseconds, UTC. */
  timestamp: number;
  /** JSON text. */
  json: string;
}

/** Ids arrive as strings or numbers; they are stored as strings. */
export const IdSchema = z.union([z.string(), z.number(), z.bigint()]).transform((v, ctx) => {
  if (typeof v === 'number' && !Number.isInteger(v)) {
    ctx.issues.push({ code: 'custom', message: 'expected an integer or string id', input: v });
    return z.NEVER;
  }
  // An id beyond 2^53 sent as a number was rounded by JSON.parse: noting it makes the contract re-read the text.
  if (typeof v === 'number') noteNumber(v);
  return typeof v === 'string' ? v : v.toString();
});

/** Free text. Numbers and booleans are accepted and written as text (Canvas is not consistent about `grade: 5`). */
export const TextSchema = z.union([z.string(), z.number(), z.boolean()]).transform((v) => {
  if (typeof v === 'number') noteNumber(v);
  return typeof v === 'string' ? v : String(v);
});

/** A URL: `&amp;` is unescaped and `access_token=` values are redacted. */
export const UrlSchema = z.string().transform(cleanUrl);

export const BooleanSchema = z
  .union([z.boolean(), z.enum(['true', 'false', 'TRUE', 'FALSE'])])
  .transform((v) => (typeof v === 'boolean' ? v : v.toLowerCase() === 'true'));

export const Int64Schema = z.union([z.number(), z.string(), z.bigint()]).transform((v, ctx) => {
  let n: bigint | null = null;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && INTEGER_TEXT.test(v)) n = BigInt(v.trim());
  if (n === null || n < INT64_MIN || n > INT64_MAX) {
    ctx.issues.push({ code: 'custom', message: 'expected a 64-bit integer', input: v });
    return z.NEVER;
  }
  return n;
});

export const DoubleSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : NUMBER_TEXT.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) {
    ctx.issues.push({ code: 'custom', message: 'expected a finite number', input: v });
    return z.NEVER;
  }
  return n;
});

/** Every timestamp form Canvas sends, normalised to a UTC instant in epoch milliseconds. */
export const TimestampSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const t = typeof v === 'string' ? parseCanvasTime(v) : epochNumberToMillis(v);
  if (t === null) {
    ctx.issues.push({ code: 'custom', message: 'expected a timestamp', input: v });
    return z.NEVER;
  }
  return t;
});

/** Arrays and objects are kept as JSON text (tokens in URLs redacted). */
export const JsonSchema = z.unknown().transform((v) => {
  // JSON.stringify(undefined) is undefined: an absent value stays absent.
  const text = stringifyJson(v) as string | undefined;
  return (text === undefined ? text : redactSecrets(text)) as string;
});

export const SCHEMA_OF: { [K in LogicalType]: z.ZodType<RowValueOf[K], unknown> } = {
  string: TextSchema,
  id: IdSchema,
  url: UrlSchema,
  boolean: BooleanSchema,
  int64: Int64Schema,
  double: DoubleSchema,
  timestamp: TimestampSchema,
  json: JsonSchema,
};
