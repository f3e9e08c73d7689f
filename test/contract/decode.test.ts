import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../lambda/contract/decode.js';
import type { MessageAttributes } from '../../lambda/contract/types.js';
import { examplesOf } from '../support/catalog.js';

const options = { ingestedAt: Date.UTC(2026, 10, 23, 12) };
const decode = (body: string, attributes?: MessageAttributes) => decodeMessage(body, attributes, options);

const enrollmentExample = examplesOf('canvas').find((e) => e.file === 'enrollment_created')?.payload as {
  metadata: Record<string, unknown>;
  body: Record<string, unknown>;
};
const canvasEvent = (metadata: Record<string, unknown> = {}, body: Record<string, unknown> = {}) => ({
  metadata: { ...enrollmentExample.metadata, ...metadata },
  body: { ...enrollmentExample.body, ...body },
});
const caliperEnvelope = examplesOf('caliper').find((e) => e.file === 'enrollment_created')?.payload as {
  data: Record<string, unknown>[];
};

describe('quarantine', () => {
  it.each([
    ['not JSON', '{"metadata": ', 'not_json'],
    ['an empty body', '', 'not_json'],
    ['a JSON string', '"hello"', 'not_object'],
    ['a JSON array', '[1,2]', 'not_object'],
    ['JSON null', 'null', 'not_object'],
    ['an object of neither format', '{"foo": 1}', 'unknown_format'],
    ['metadata that is not an object', '{"metadata": "x", "body": {}}', 'unknown_format'],
    [
      'an empty Caliper envelope',
      '{"sensor": "s", "sendTime": "2019-11-16T02:09:05.296Z", "data": []}',
      'empty_envelope',
    ],
  ])('quarantines %s', (_, body, reason) => {
    const result = decode(body);
    expect(result.rows).toEqual([]);
    expect(result.quarantined).toEqual([
      expect.objectContaining({ reason, original: body, eventIndex: null, details: expect.any(String) }),
    ]);
  });

  it('quarantines an event with no event name anywhere', () => {
    const event = canvasEvent();
    delete event.metadata.event_name;
    const result = decode(JSON.stringify(event));
    expect(result.quarantined[0]?.reason).toBe('missing_event_name');
  });

  it('takes the event name and time from the SQS attributes when metadata lacks them', () => {
    const event = canvasEvent();
    delete event.metadata.event_name;
    delete event.metadata.event_time;
    const result = decode(JSON.stringify(event), {
      event_name: 'enrollment_created',
      event_time: '2018-10-09T21:07:33Z',
    });
    expect(result.quarantined).toEqual([]);
    expect(result.rows[0]?.table).toBe('enrollment_created');
    expect(result.rows[0]?.eventTime).toBe(Date.parse('2018-10-09T21:07:33Z'));
  });

  it('quarantines an event whose time is malformed with no usable attribute', () => {
    const result = decode(JSON.stringify(canvasEvent({ event_time: '019-11-01T19:11:01.163Z' })));
    expect(result.quarantined[0]).toMatchObject({
      reason: 'bad_event_time',
      eventName: 'enrollment_created',
    });
    expect(result.quarantined[0]?.details).toContain('019-11-01');
  });

  it('falls back to the attribute time when the metadata time is malformed, and records it', () => {
    const result = decode(JSON.stringify(canvasEvent({ event_time: 'yesterday' })), {
      event_time: '2019-11-01T19:11:01.163Z',
    });
    expect(result.rows[0]?.eventTime).toBe(Date.parse('2019-11-01T19:11:01.163Z'));
    expect(JSON.parse(result.rows[0]?.row.validation_issues as string)).toHaveProperty('metadata.event_time');
  });

  it('quarantines only the bad event of a Caliper envelope', () => {
    const good = caliperEnvelope.data[0];
    const envelope = {
      ...caliperEnvelope,
      data: [good, 'junk', { ...good, id: 'urn:uuid:2', eventTime: 'never' }],
    };
    const result = decode(JSON.stringify(envelope));
    expect(result.rows).toHaveLength(1);
    expect(result.quarantined.map((q) => [q.reason, q.eventIndex])).toEqual([
      ['invalid_caliper_event', 1],
      ['bad_event_time', 2],
    ]);
  });
});

describe('rows', () => {
  it('keeps an event whose field fails its type: the field is null and the issue recorded', () => {
    const result = decode(
      JSON.stringify(
        canvasEvent({}, { limit_privileges_to_course_section: 'sometimes', user_id: { id: 5 } }),
      ),
    );
    const row = result.rows[0]?.row;
    expect(row?.limit_privileges_to_course_section).toBeNull();
    expect(row?.user_id).toBeNull();
    expect(row?.course_id).toBe('21070000000000565');
    expect(JSON.parse(row?.validation_issues as string)).toEqual({
      'body.limit_privileges_to_course_section': { issue: expect.any(String), value: 'sometimes' },
      'body.user_id': { issue: expect.any(String), value: { id: 5 } },
    });
  });

  it('keeps unknown body and metadata fields in extra_json', () => {
    const row = decode(
      JSON.stringify(canvasEvent({ brand_new_meta: 'x' }, { sis_import_id: 77, nested: { a: 1 } })),
    ).rows[0]?.row;
    expect(JSON.parse(row?.extra_json as string)).toEqual({
      'metadata.brand_new_meta': 'x',
      'body.sis_import_id': 77,
      'body.nested': { a: 1 },
    });
    expect(row?.validation_issues).toBeNull();
  });

  it('treats null and missing fields alike', () => {
    const event = canvasEvent({ referrer: null }, { associated_user_id: null });
    delete event.body.course_section_id;
    const row = decode(JSON.stringify(event)).rows[0]?.row;
    expect(row?.associated_user_id).toBeNull();
    expect(row?.course_section_id).toBeNull();
    expect(row?.meta_referrer).toBeNull();
    expect(row?.validation_issues).toBeNull();
  });

  it('accepts ids as numbers and keeps 16+ digit numeric ids exact, anywhere in the event', () => {
    const text = JSON.stringify(canvasEvent()).replace(
      '"enrollment_id":"21070000000046825"',
      '"enrollment_id":21070000000046825',
    );
    expect(text).toContain('"enrollment_id":21070000000046825');
    const row = decode(text).rows[0]?.row;
    expect(row?.enrollment_id).toBe('21070000000046825');
    const small = decode(JSON.stringify(canvasEvent({}, { course_id: 565 }))).rows[0]?.row;
    expect(small?.course_id).toBe('565');
    const extra = JSON.stringify(canvasEvent({}, { new_id: 1 })).replace(
      '"new_id":1',
      '"new_id":21070000000046826',
    );
    expect(JSON.parse(decode(extra).rows[0]?.row.extra_json as string)).toEqual({
      'body.new_id': '21070000000046826',
    });
    const metadata = JSON.stringify(canvasEvent()).replace(
      '"user_id":"21070000000000001"',
      '"user_id":21070000000000001',
    );
    expect(decode(metadata).rows[0]?.row.meta_user_id).toBe('21070000000000001');
  });

  it('keeps a 16+ digit Caliper actor id sent as a number exact', () => {
    // 21070000000002003 is not a double: JSON.parse reads it as 21070000000002004.
    const event = {
      ...caliperEnvelope.data[0],
      actor: {
        id: 'urn:instructure:canvas:user:21070000000002003',
        type: 'Person',
        extensions: { 'com.instructure.canvas': { entity_id: 1 } },
      },
    };
    const text = JSON.stringify({ ...caliperEnvelope, data: [event] }).replace(
      '"entity_id":1}',
      '"entity_id":21070000000002003}',
    );
    expect(text).toContain('"entity_id":21070000000002003}');
    expect(decode(text).rows[0]?.row.meta_user_id).toBe('21070000000002003');
  });

  it('gives a duplicate delivery the same event_id, whatever its whitespace', () => {
    const event = canvasEvent();
    const a = decode(JSON.stringify(event)).rows[0]?.eventId;
    const b = decode(JSON.stringify(event, null, 2)).rows[0]?.eventId;
    const other = decode(JSON.stringify(canvasEvent({}, { workflow_state: 'active' }))).rows[0]?.eventId;
    expect(a).toBe(b);
    expect(a).not.toBe(other);
  });

  it('stores an event type with no schema whole in other_events', () => {
    const body = { page_id: 9, anything: ['goes'] };
    const row = decode(
      JSON.stringify({
        metadata: { event_name: 'brand_new_event', event_time: '2024-01-02T03:04:05Z' },
        body,
      }),
    ).rows[0];
    expect(row?.table).toBe('other_events');
    expect(row?.row.event_name).toBe('brand_new_event');
    expect(JSON.parse(row?.row.body_json as string)).toEqual(body);
  });

  it('keeps a body that is not an object, in validation_issues', () => {
    const row = decode(JSON.stringify({ metadata: enrollmentExample.metadata, body: 'oops' })).rows[0]?.row;
    expect(JSON.parse(row?.validation_issues as string)).toEqual({
      body: { issue: 'expected an object', value: 'oops' },
    });
  });

  it('unescapes &amp; and redacts access tokens in URLs, referrers and extras', () => {
    const row = decode(
      JSON.stringify(
        canvasEvent(
          {
            url: 'https://x.test/api/v1/a?b=1&amp;access_token=SECRET&amp;c=2',
            referrer: 'https://x.test/?access_token=S2',
          },
          { extra_url: 'https://x.test/?access_token=S3' },
        ),
      ),
    ).rows[0]?.row;
    expect(row?.meta_url).toBe('https://x.test/api/v1/a?b=1&access_token=[REDACTED]&c=2');
    expect(row?.meta_referrer).toBe('https://x.test/?access_token=[REDACTED]');
    expect(row?.extra_json).toBe('{"body.extra_url":"https://x.test/?access_token=[REDACTED]"}');
  });

  it('writes ingested_at from the options and every spec column, in order', () => {
    const result = decode(JSON.stringify(canvasEvent()));
    expect(result.rows[0]?.row.ingested_at).toBe(options.ingestedAt);
    expect(Object.keys(result.rows[0]?.row ?? {})[0]).toBe('event_id');
  });

  it('maps every Caliper event of an envelope to its own row', () => {
    const second = { ...caliperEnvelope.data[0], id: 'urn:uuid:second' };
    const result = decode(JSON.stringify({ ...caliperEnvelope, data: [caliperEnvelope.data[0], second] }));
    expect(result.rows.map((r) => r.eventId)).toEqual([
      'urn:uuid:1145bf32-0ada-462d-9c97-7acd5b513472',
      'urn:uuid:second',
    ]);
  });

  it('keeps a Caliper event of an unmapped type whole in other_events', () => {
    const toolUse = {
      sensor: 'http://oxana.instructure.com/',
      sendTime: '2019-11-16T02:09:05.296Z',
      dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p1',
      data: [
        {
          id: 'urn:uuid:tool-1',
          type: 'ToolUseEvent',
          action: 'Used',
          eventTime: '2019-11-16T02:09:04.000Z',
          actor: { id: 'urn:instructure:canvas:user:21070000000000001', type: 'Person' },
          object: {
            id: 'urn:instructure:canvas:context_external_tool:21070000000000009',
            type: 'SoftwareApplication',
          },
        },
      ],
    };
    const row = decode(JSON.stringify(toolUse)).rows[0];
    expect(row?.table).toBe('other_events');
    expect(row?.row.event_name).toBe('caliper_tool_use_event_used');
    expect(row?.row.meta_user_id).toBe('21070000000000001');
    expect(JSON.parse(row?.row.body_json as string)).toEqual(toolUse.data[0]);
    const named = decode(JSON.stringify(toolUse), { event_name: 'tool_used' }).rows[0];
    expect(named?.row.event_name).toBe('tool_used');
    expect(named?.table).toBe('other_events');
  });

  it('records a Caliper part of the wrong shape and keeps the rest', () => {
    const event = { ...caliperEnvelope.data[0], actor: 'someone', group: 5 };
    const row = decode(JSON.stringify({ ...caliperEnvelope, data: [event] })).rows[0]?.row;
    expect(row?.enrollment_id).toBe('21070000000046825');
    expect(row?.meta_user_id).toBeNull();
    expect(Object.keys(JSON.parse(row?.validation_issues as string)).sort()).toEqual([
      'caliper.actor',
      'caliper.group',
    ]);
  });

  it('keeps Caliper fields no mapping reads in extra_json', () => {
    const event = { ...caliperEnvelope.data[0], target: { id: 'urn:x', type: 'Frame' } };
    const row = decode(JSON.stringify({ ...caliperEnvelope, data: [event] })).rows[0]?.row;
    expect(JSON.parse(row?.extra_json as string)).toEqual({ 'target.id': 'urn:x', 'target.type': 'Frame' });
  });
});
