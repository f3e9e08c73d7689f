import type { Issues } from './types.js';

/**
 * Canvas timestamps arrive in several shapes (all seen in real traffic):
 * `2018-10-09T21:07:33Z`, `2019-11-01T19:11:09.910Z`, `2020-03-30T11:18:51-06:00`,
 * `2019-11-05 07:38:00 -0800`. Each is normalised to a UTC instant (epoch milliseconds).
 */

// Groups: date, time, fraction, zone. Zone is Z, ±HH:MM, ±HHMM or ±HH; a space may precede it.
const CANVAS_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds in 400 Gregorian years, after which the calendar repeats exactly (146,097 days). */
const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000;

/**
 * `Date.UTC` for every four-digit year. `Date.UTC` itself maps years 0–99 to 1900–1999, which turned
 * `0001-01-01T00:00:00Z` into 1901; those years are computed 2,000 years later and moved back five cycles.
 */
export function utcEpoch(
  year: number,
  month0: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  if (year >= 100) return Date.UTC(year, month0, day, hour, minute, second, ms);
  return Date.UTC(year + 2000, month0, day, hour, minute, second, ms) - 5 * GREGORIAN_CYCLE_MS;
}

/**
 * The event times the lake accepts as they are. Every table's `dt` partition must lie inside the Glue
 * partition projection range (`lib/constructs/lake-catalog.ts` derives it from this constant:
 * `earliestDate` .. `NOW+1DAYS`), or Athena would never see the row. An `event_time` before `earliestDate`,
 * or more than `maxFutureSkewMs` after the row was ingested, keeps its value in `event_time` but is filed
 * under the ingest date, with a validation issue saying why.
 */
export const PLAUSIBLE_EVENT_TIME = {
  earliestDate: '2000-01-01',
  /** Clock skew allowed between Canvas and the pipeline: one day. */
  maxFutureSkewMs: 86_400_000,
} as const;

const EARLIEST_PLAUSIBLE_MS = Date.parse(`${PLAUSIBLE_EVENT_TIME.earliestDate}T00:00:00Z`);

/** Why an event time cannot name its own partition, or null when it can. */
export function implausibleEventTime(eventTime: number, ingestedAt: number): string | null {
  if (eventTime < EARLIEST_PLAUSIBLE_MS)
    return `event_time is before ${PLAUSIBLE_EVENT_TIME.earliestDate}; filed under the ingest date`;
  if (eventTime > ingestedAt + PLAUSIBLE_EVENT_TIME.maxFutureSkewMs)
    return 'event_time is more than a day after ingest; filed under the ingest date';
  return null;
}

/** Two or four digits at a position, or -1. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The common forms, `2018-10-09T21:07:33Z` and `2019-11-01T19:11:09.910Z`, read without a regular expression
 * (most events carry several timestamps). Returns undefined for any other form, which the general parser reads.
 */
function parseIsoUtc(s: string): number | null | undefined {
  const length = s.length;
  if ((length !== 20 && length !== 24) || s.charCodeAt(length - 1) !== 90 /* Z */) return undefined;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return undefined;
  if (length === 24 && s[19] !== '.') return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const ms = length === 24 ? digits(s, 20, 3) : 0;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return null;
  if (second < 0 || second > 60 || ms < 0) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) return null;
  return utcEpoch(year, month - 1, day, hour, minute, second, ms);
}

/** Parses a Canvas timestamp; returns epoch milliseconds, or null when it is not a valid instant. */
export function parseCanvasTime(value: string): number | null {
  const fast = parseIsoUtc(value);
  if (fast !== undefined) return fast;
  const m = CANVAS_TIME.exec(value.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let epoch = utcEpoch(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC silently rolls 31 February into March: reject dates that do not exist.
  const check = new Date(epoch);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes =
      Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2, 4)) : 0);
    epoch -= sign * offsetMinutes * 60_000;
  }
  // A timestamp with no zone is taken as UTC: Canvas renders server times in UTC.
  return epoch;
}

/** 9999-12-31T23:59:59.999Z: the last instant with a four-digit ISO year. */
const MAX_EPOCH_MS = 253_402_300_799_999;

/** Epoch seconds or milliseconds given as a number (some relays send them). Heuristic: < 1e11 means seconds. */
export function epochNumberToMillis(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const ms = value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  return ms <= MAX_EPOCH_MS ? ms : null;
}

let cachedDay = Number.NaN;
let cachedDate = '';

/** `YYYY-MM-DD` of a UTC instant: the `dt` partition value (the last day is remembered: rows come in runs). */
export function utcDate(epochMillis: number): string {
  const day = Math.floor(epochMillis / 86_400_000);
  if (day !== cachedDay) {
    cachedDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
    cachedDay = day;
  }
  return cachedDate;
}

/** Reads event_time from metadata, falling back to the SQS attribute; records a bad metadata value. */
export function resolveEventTime(
  primary: unknown,
  attribute: string | undefined,
  issues: Issues,
  issueKey: string,
): number | null {
  if (primary !== undefined && primary !== null) {
    const t = typeof primary === 'string' ? parseCanvasTime(primary) : null;
    if (t !== null) return t;
    issues[issueKey] = { issue: 'expected a timestamp', value: primary };
  }
  const fromAttribute = attribute === undefined ? null : parseCanvasTime(attribute);
  return fromAttribute;
}
