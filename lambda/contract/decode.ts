import { decodeCaliperEnvelope } from './caliper/decode.js';
import { eventTableSpec, OTHER_EVENTS_TABLE } from './columns.js';
import type { EventDef } from './define.js';
import { eventDefFor } from './events/index.js';
import {
  hashEventId,
  mayNestDeeperThan,
  nestingDepth,
  parseJson,
  stringifyJson,
  trackRounding,
} from './json.js';
import { mayHoldSecret, redactSecrets } from './redact.js';
import { buildRow, type DecodeResult } from './row.js';
import { resolveEventTime } from './time.js';
import {
  type ContractOptions,
  type Extras,
  type Issues,
  isPlainObject,
  type MessageAttributes,
  nonEmpty,
  type QuarantineReason,
  type RowValue,
} from './types.js';

/**
 * The catalog's grade_override example (and real traffic) arrives labelled `grade_change`; its body is a
 * final-grade override, which has a table of its own.
 */
function resolveCanvasEventDef(
  eventName: string,
  body: Record<string, unknown>,
  issues: Issues,
): EventDef | undefined {
  if (
    eventName === 'grade_change' &&
    ('override_score' in body || 'old_override_score' in body) &&
    !('submission_id' in body)
  ) {
    issues.event_name = { issue: 'body is a grade_override; stored in grade_override', value: eventName };
    return eventDefFor('grade_override');
  }
  return eventDefFor(eventName);
}

function decodeCanvas(
  message: Record<string, unknown>,
  original: string,
  attributes: MessageAttributes,
  options: ContractOptions,
  metadataKey: 'metadata' | 'attributes' = 'metadata',
): DecodeResult {
  const metadata = message[metadataKey] as Record<string, unknown>;
  const issues: Issues = {};
  const extras: Extras = {};
  const eventName = nonEmpty(metadata.event_name) ?? nonEmpty(attributes.event_name);
  const quarantine = (reason: QuarantineReason, details: string): DecodeResult => ({
    rows: [],
    quarantined: [{ reason, details, eventIndex: null, eventName, original }],
  });
  if (eventName === null)
    return quarantine('missing_event_name', 'no metadata.event_name and no event_name attribute');
  const eventTime = resolveEventTime(
    metadata.event_time,
    attributes.event_time,
    issues,
    'metadata.event_time',
  );
  if (eventTime === null) {
    return quarantine(
      'bad_event_time',
      `event_time ${JSON.stringify(metadata.event_time ?? attributes.event_time ?? null)} is not a timestamp`,
    );
  }
  let body: Record<string, unknown> = {};
  if (isPlainObject(message.body)) body = message.body;
  else if (message.body !== undefined && message.body !== null) {
    issues.body = { issue: 'expected an object', value: message.body };
  }
  for (const key of Object.keys(message)) {
    if (key !== metadataKey && key !== 'body') extras[key] = message[key];
  }
  const def = resolveCanvasEventDef(eventName, body, issues);
  const table = eventTableSpec(def?.table ?? OTHER_EVENTS_TABLE);
  const row = buildRow(
    {
      table,
      def,
      sourceFormat: 'canvas',
      eventId: hashEventId(message),
      eventName,
      eventTime,
      metadata,
      body: def ? body : null,
      bodyJson: def ? null : stringifyJson(message.body ?? null),
      caliper: null,
      issues,
      extras,
    },
    options,
  );
  return { rows: [row], quarantined: [] };
}

/**
 * The deepest nesting a message may have. Real Live Events nest at most six levels; past this limit a message
 * is quarantined as `too_deep` rather than walked (walking it could exhaust the stack).
 */
export const MAX_NESTING_DEPTH = 512;

const BOM = 0xfeff;

/**
 * Turns one SQS message body (and its optional attributes) into rows and quarantine records.
 * Never throws: anything it cannot place is quarantined with a reason and the original text. Every string it
 * returns has passed the one redaction mechanism (`redact.ts`).
 */
export function decodeMessage(
  body: string,
  attributes: MessageAttributes | undefined,
  options: ContractOptions,
): DecodeResult {
  const attrs = attributes ?? {};
  // A byte-order mark is not part of the JSON (some editors and exporters write one).
  const text = body.charCodeAt(0) === BOM ? body.slice(1) : body;
  let result: DecodeResult;
  const depth = mayNestDeeperThan(text, MAX_NESTING_DEPTH) ? nestingDepth(text, MAX_NESTING_DEPTH) : 0;
  if (depth > MAX_NESTING_DEPTH) {
    result = wholeMessage(body, attrs, 'too_deep', `nested more than ${MAX_NESTING_DEPTH} levels deep`);
  } else {
    try {
      const first = trackRounding(() => decodeParsed(body, parseJson(text), attrs, options));
      // An integer beyond 2^53 was met: JSON.parse rounded it, so read the text again with such literals as strings.
      result = first.rounded ? decodeParsed(body, parseJson(text, true), attrs, options) : first.result;
    } catch (error) {
      // The contract throws on no input it knows of; should a defect make it, the message is kept with the
      // error as its reason (and stays in the raw archive), so a replay after the fix recovers it.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      result = wholeMessage(body, attrs, 'decode_failed', `the contract failed on this message: ${reason}`);
    }
  }
  return mayHoldSecret(body) ? redactResult(result) : result;
}

/**
 * A message quarantined whole for a reason found outside the contract (the transport: bytes that are not
 * UTF-8), through the same redaction as every other quarantine record.
 */
export function quarantineMessage(
  body: string,
  attributes: MessageAttributes | undefined,
  reason: QuarantineReason,
  details: string,
): DecodeResult {
  const result = wholeMessage(body, attributes ?? {}, reason, details);
  return mayHoldSecret(body) ? redactResult(result) : result;
}

function wholeMessage(
  body: string,
  attrs: MessageAttributes,
  reason: QuarantineReason,
  details: string,
): DecodeResult {
  return {
    rows: [],
    quarantined: [
      { reason, details, eventIndex: null, eventName: nonEmpty(attrs.event_name), original: body },
    ],
  };
}

/** Applies `redactSecrets` to every string of the rows and quarantine records of a message that may hold one. */
function redactResult(result: DecodeResult): DecodeResult {
  for (const row of result.rows) {
    const values = row.values as RowValue[];
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === 'string') values[i] = redactSecrets(value);
    }
  }
  return {
    rows: result.rows,
    quarantined: result.quarantined.map((q) => ({
      ...q,
      original: redactSecrets(q.original),
      details: redactSecrets(q.details),
      eventName: q.eventName === null ? null : redactSecrets(q.eventName),
    })),
  };
}

function decodeParsed(
  body: string,
  parsed: ReturnType<typeof parseJson>,
  attrs: MessageAttributes,
  options: ContractOptions,
): DecodeResult {
  const whole = (reason: QuarantineReason, details: string) => wholeMessage(body, attrs, reason, details);
  if (!parsed.ok) return whole('not_json', parsed.error);
  const message = parsed.value;
  if (!isPlainObject(message)) {
    return whole(
      'not_object',
      `expected a JSON object, got ${Array.isArray(message) ? 'an array' : typeof message}`,
    );
  }
  if (isPlainObject(message.metadata)) return decodeCanvas(message, body, attrs, options);
  // New Quizzes sends `{attributes, body}`: the Canvas format with its metadata under another name.
  if (isPlainObject(message.attributes) && 'body' in message)
    return decodeCanvas(message, body, attrs, options, 'attributes');
  if (
    Array.isArray(message.data) &&
    ('sensor' in message || 'dataVersion' in message || 'sendTime' in message)
  ) {
    return decodeCaliperEnvelope(message, body, attrs, options);
  }
  const keys = Object.keys(message).slice(0, 10).join(', ');
  return whole(
    'unknown_format',
    `neither {metadata, body}, {attributes, body} nor a Caliper envelope; keys: ${keys || '(none)'}`,
  );
}
