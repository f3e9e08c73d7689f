import { decodeCaliperEnvelope } from './caliper/decode.js';
import { eventTableSpec, OTHER_EVENTS_TABLE } from './columns.js';
import type { EventDef } from './define.js';
import { eventDefFor } from './events/index.js';
import { hashEventId, parseJson, precision, stringifyJson } from './json.js';
import {
  buildRow,
  type ContractOptions,
  type DecodeResult,
  isPlainObject,
  type MessageAttributes,
  nonEmpty,
  type QuarantineReason,
  resolveEventTime,
} from './rows.js';
import { redactAccessTokens } from './urls.js';
import type { Extras, Issues } from './validate.js';

export * from './rows.js';

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
      bodyJson: def ? null : redactAccessTokens(stringifyJson(message.body ?? null)),
      caliper: null,
      issues,
      extras,
    },
    options,
  );
  return { rows: [row], quarantined: [] };
}

/**
 * Turns one SQS message body (and its optional attributes) into rows and quarantine records.
 * Never throws: anything it cannot place is quarantined with a reason and the original text.
 */
export function decodeMessage(
  body: string,
  attributes: MessageAttributes | undefined,
  options: ContractOptions,
): DecodeResult {
  precision.lost = 0;
  const result = decodeParsed(body, parseJson(body), attributes ?? {}, options);
  // An integer beyond 2^53 was met: JSON.parse rounded it, so read the text again with such literals as strings.
  return precision.lost === 0 ? result : decodeParsed(body, parseJson(body, true), attributes ?? {}, options);
}

function decodeParsed(
  body: string,
  parsed: ReturnType<typeof parseJson>,
  attrs: MessageAttributes,
  options: ContractOptions,
): DecodeResult {
  const whole = (reason: QuarantineReason, details: string): DecodeResult => ({
    rows: [],
    quarantined: [
      { reason, details, eventIndex: null, eventName: nonEmpty(attrs.event_name), original: body },
    ],
  });
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
