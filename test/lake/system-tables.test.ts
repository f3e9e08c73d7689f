import { describe, expect, it } from 'vitest';
import { encodeRecords, QUARANTINE_TABLE, RAW_EVENTS_TABLE } from '../../lambda/lake/system-tables.js';

describe("the lake's own tables", () => {
  it('write records with every column of the spec, in spec order, as the JSON SerDe reads them', () => {
    const text = encodeRecords(RAW_EVENTS_TABLE, [
      {
        message_id: 'm-1',
        ingested_at: Date.UTC(2026, 10, 23, 8, 30),
        sent_at: null,
        receive_count: 2n,
        message_attributes: '{"event_name":"logged_in"}',
        body: '{"metadata":{}}',
      },
    ]);
    const record = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(RAW_EVENTS_TABLE.columns.map((c) => c.name));
    expect(record).toEqual({
      message_id: 'm-1',
      ingested_at: '2026-11-23 08:30:00.000', // the form Athena's JSON SerDe reads as a timestamp
      sent_at: null,
      receive_count: 2,
      message_attributes: '{"event_name":"logged_in"}',
      body: '{"metadata":{}}',
    });
  });

  it('refuse, at compile time, a misspelt column, a missing one, a wrong type or a null where none is allowed', () => {
    const base = {
      message_id: 'm',
      ingested_at: 0,
      reason: 'not_json',
      details: 'd',
      event_index: null,
      event_name: null,
      message_attributes: null,
      original: 'x',
    } as const;
    expect(encodeRecords(QUARANTINE_TABLE, [base])).toContain('"reason":"not_json"');
    // `npm run typecheck` fails if any of these compiles; at run time they are never called.
    const rejected = [
      // @ts-expect-error misspelt column
      () => encodeRecords(QUARANTINE_TABLE, [{ ...base, reasn: 'x' }]),
      // @ts-expect-error missing column
      () => encodeRecords(QUARANTINE_TABLE, [{ message_id: 'm' }]),
      // @ts-expect-error an int64 column takes a bigint
      () => encodeRecords(QUARANTINE_TABLE, [{ ...base, event_index: 3 }]),
      // @ts-expect-error reason is not nullable
      () => encodeRecords(QUARANTINE_TABLE, [{ ...base, reason: null }]),
    ];
    expect(rejected).toHaveLength(4);
  });
});
