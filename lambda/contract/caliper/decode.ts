import { eventTableSpec, OTHER_EVENTS_TABLE } from '../columns.js';
import { hashEventId, stringifyJson } from '../json.js';
import { buildRow, type DecodeResult, type EventRow } from '../row.js';
import { resolveEventTime } from '../time.js';
import type { Extras, Issues } from '../types.js';
import {
  type ContractOptions,
  isPlainObject,
  type MessageAttributes,
  nonEmpty,
  type QuarantineRecord,
} from '../types.js';
import { CALIPER_COLUMN_DEFS } from './columns.js';
import { caliperMappingFor, extractCaliper, fallbackCaliperEventName, inferCaliperEventName } from './map.js';
import { unreadLeaves } from './paths.js';
import { type CaliperEvent, CaliperEventSchema } from './schema.js';

/** The caliper_* columns filled from the envelope (the column list says which). */
const ENVELOPE_COLUMNS = CALIPER_COLUMN_DEFS.flatMap((c) =>
  'envelope' in c.from ? [[c.name, c.from.envelope] as const] : [],
);

const ENVELOPE_KEYS = new Set(['sensor', 'sendTime', 'dataVersion', 'data']);

/**
 * Parses one Caliper event; a top-level part of the wrong shape (an actor that is a string…) is dropped from
 * the event and recorded as a validation issue, so the rest of the event still becomes a row.
 */
export function parseCaliperEvent(item: Record<string, unknown>, issues: Issues): CaliperEvent {
  let candidate: Record<string, unknown> = item;
  for (let attempt = 0; attempt < 16; attempt++) {
    const result = CaliperEventSchema.safeParse(candidate);
    if (result.success) return result.data;
    const bad = new Set(result.error.issues.map((i) => String(i.path[0] ?? '')));
    candidate = { ...candidate };
    for (const key of bad) {
      issues[`caliper.${key}`] = {
        issue: result.error.issues.find((i) => String(i.path[0]) === key)?.message ?? 'invalid',
        value: candidate[key],
      };
      delete candidate[key];
    }
  }
  return {};
}

/** Decodes a Caliper 1.1 envelope: each event in `data` becomes a row, or is quarantined on its own. */
export function decodeCaliperEnvelope(
  message: Record<string, unknown>,
  original: string,
  attributes: MessageAttributes,
  options: ContractOptions,
): DecodeResult {
  const data = message.data as unknown[];
  const rows: EventRow[] = [];
  const quarantined: QuarantineRecord[] = [];
  if (data.length === 0) {
    quarantined.push({
      reason: 'empty_envelope',
      details: 'Caliper envelope with an empty data array',
      eventIndex: null,
      eventName: nonEmpty(attributes.event_name),
      original,
    });
    return { rows, quarantined };
  }
  // The SQS attributes describe the message; they can only name the event when there is exactly one.
  const single = data.length === 1;
  const envelopeExtras: Extras = {};
  for (const key of Object.keys(message)) {
    if (!ENVELOPE_KEYS.has(key)) envelopeExtras[`envelope.${key}`] = message[key];
  }

  data.forEach((item, index) => {
    const quarantine = (reason: QuarantineRecord['reason'], details: string, eventName: string | null) =>
      quarantined.push({ reason, details, eventIndex: index, eventName, original });
    if (!isPlainObject(item)) {
      quarantine('invalid_caliper_event', `data[${index}] is not an object`, null);
      return;
    }
    const issues: Issues = {};
    const event = parseCaliperEvent(item, issues);
    const eventName =
      (single ? nonEmpty(attributes.event_name) : null) ??
      inferCaliperEventName(event) ??
      fallbackCaliperEventName(event);
    if (eventName === null) {
      quarantine(
        'missing_event_name',
        `data[${index}] has no type or action and no event_name attribute`,
        null,
      );
      return;
    }
    const eventTime = resolveEventTime(
      event.eventTime,
      single ? attributes.event_time : undefined,
      issues,
      'caliper.eventTime',
    );
    if (eventTime === null) {
      quarantine(
        'bad_event_time',
        `data[${index}].eventTime ${JSON.stringify(item.eventTime ?? null)} is not a timestamp`,
        eventName,
      );
      return;
    }
    const mapping = caliperMappingFor(eventName);
    const extraction = extractCaliper(event, mapping);
    const caliper: Record<string, unknown> = { ...extraction.caliper };
    for (const [column, field] of ENVELOPE_COLUMNS) caliper[column] = message[field];

    const extras: Extras = { ...envelopeExtras };
    if (mapping !== undefined) unreadLeaves(event as Record<string, unknown>, extraction.consumed, extras);
    const table = eventTableSpec(mapping?.def.table ?? OTHER_EVENTS_TABLE);
    rows.push(
      buildRow(
        {
          table,
          def: mapping?.def,
          sourceFormat: 'caliper',
          eventId: nonEmpty(event.id) ?? hashEventId(item),
          eventName,
          eventTime,
          metadata: extraction.metadata,
          body: extraction.body,
          bodyJson: mapping ? null : stringifyJson(item),
          caliper,
          issues,
          extras,
        },
        options,
      ),
    );
  });
  return { rows, quarantined };
}
