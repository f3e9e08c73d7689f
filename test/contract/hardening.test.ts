import { describe, expect, it } from 'vitest';
import { decodeMessage, MAX_NESTING_DEPTH } from '../../lambda/contract/decode.js';
import { nestingDepth } from '../../lambda/contract/json.js';
import { PLAUSIBLE_EVENT_TIME, parseCanvasTime, utcDate } from '../../lambda/contract/time.js';
import { ingestBatch } from '../../lambda/pipeline/ingest.js';
import { MemorySink } from '../support/sinks.js';

const INGESTED_AT = Date.UTC(2026, 10, 23, 12);
const decode = (body: string) => decodeMessage(body, undefined, { ingestedAt: INGESTED_AT });
const canvas = (eventTime: string, body: object = { submission_id: '1' }) =>
  JSON.stringify({ metadata: { event_name: 'grade_change', event_time: eventTime }, body });
const issuesOf = (body: string) =>
  JSON.parse(String(decode(body).rows[0]?.row.validation_issues)) as Record<
    string,
    { issue: string; value: unknown }
  >;

describe('messages that once vanished or changed', () => {
  it('replaces a lone UTF-16 surrogate (no UTF-8 form) with U+FFFD and records it, in both formats alike', async () => {
    const body = canvas('2026-10-01T12:00:00Z', { submission_id: '1', grade: 'A\ud800B' });
    const row = decode(body).rows[0]?.row;
    expect(row?.grade).toBe('A\uFFFDB');
    expect(issuesOf(body).grade).toEqual({
      issue: 'lone UTF-16 surrogate replaced by U+FFFD',
      value: 'A\uFFFDB',
    });
    // Well-formed text, astral characters included, is left alone.
    const fine = canvas('2026-10-01T12:00:00Z', { submission_id: '1', grade: 'A😀B' });
    expect(decode(fine).rows[0]?.row).toMatchObject({ grade: 'A😀B', validation_issues: null });
  });

  it('quarantines a message nested 10,000 levels deep as too_deep instead of losing it', () => {
    const body = `{"metadata":{"event_name":"x","event_time":"2026-01-01T00:00:00Z"},"body":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const result = decode(body);
    expect(result.rows).toEqual([]);
    expect(result.quarantined).toHaveLength(1);
    expect(result.quarantined[0]).toMatchObject({ reason: 'too_deep', original: body });
  });

  it('accepts nesting up to the limit, and counts depth outside strings only', () => {
    const deep = `{"metadata":{"event_name":"x","event_time":"2026-01-01T00:00:00Z"},"body":{"a":${'['.repeat(MAX_NESTING_DEPTH - 2)}${']'.repeat(MAX_NESTING_DEPTH - 2)}}}`;
    expect(nestingDepth(deep, MAX_NESTING_DEPTH)).toBe(MAX_NESTING_DEPTH);
    expect(decode(deep).rows).toHaveLength(1);
    expect(nestingDepth(`{"a":"${'['.repeat(5000)}"}`, 10)).toBe(1);
    expect(nestingDepth('{"a":"\\"[[["}', 10)).toBe(1);
  });

  it('reads year 0001 as year 1, not 1901, and files it under the ingest date with a reason', () => {
    expect(new Date(parseCanvasTime('0001-01-01T00:00:00Z') as number).toISOString()).toBe(
      '0001-01-01T00:00:00.000Z',
    );
    const [row] = decode(canvas('0001-01-01T00:00:00Z')).rows;
    expect(row?.dt).toBe('2026-11-23');
    expect(new Date(row?.eventTime as number).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(issuesOf(canvas('0001-01-01T00:00:00Z')).event_time?.issue).toContain(
      PLAUSIBLE_EVENT_TIME.earliestDate,
    );
  });

  it('files an event from the far future (year 9999) under the ingest date, keeping its time', () => {
    const [row] = decode(canvas('9999-01-01T00:00:00Z')).rows;
    expect(row?.dt).toBe('2026-11-23');
    expect(utcDate(row?.eventTime as number)).toBe('9999-01-01');
    expect(issuesOf(canvas('9999-01-01T00:00:00Z')).event_time?.issue).toBe(
      'event_time is more than a day after ingest; filed under the ingest date',
    );
  });

  it('files events up to a day ahead of ingest (clock skew) and from 2000 on under their own date', () => {
    expect(decode(canvas('2026-11-24T11:59:59Z')).rows[0]?.dt).toBe('2026-11-24');
    expect(decode(canvas('2000-01-01T00:00:00Z')).rows[0]?.dt).toBe('2000-01-01');
    expect(decode(canvas('1999-12-31T23:59:59Z')).rows[0]?.dt).toBe('2026-11-23');
  });

  it('records a number beyond the range of a double instead of silently writing null', () => {
    const body =
      '{"metadata":{"event_name":"grade_change","event_time":"2026-10-01T00:00:00Z"},"body":{"submission_id":"1","score":1e400,"new_field":-1e999}}';
    const [row] = decode(body).rows;
    expect(row?.row.score).toBeNull();
    expect(JSON.parse(String(row?.row.validation_issues))).toEqual({
      'body.score': { issue: 'number out of range (beyond ±1.8e308)', value: 'Infinity' },
      'body.new_field': { issue: 'number out of range (beyond ±1.8e308)', value: '-Infinity' },
    });
    expect(JSON.parse(String(row?.row.extra_json))).toEqual({ 'body.new_field': '-Infinity' });
  });

  it('reads a message that starts with a UTF-8 byte-order mark, and keeps the original as received', () => {
    const body = `\uFEFF${canvas('2026-10-01T00:00:00Z')}`;
    expect(decode(body).rows).toHaveLength(1);
    const bad = `\uFEFF{"metadata":`;
    expect(decode(bad).quarantined[0]).toMatchObject({ reason: 'not_json', original: bad });
  });

  it('puts each row in the partition the contract chose', async () => {
    const sink = new MemorySink();
    await ingestBatch(
      [
        { messageId: 'a', body: canvas('0001-01-01T00:00:00Z') },
        { messageId: 'b', body: canvas('2026-11-20T00:00:00Z') },
      ],
      sink,
      { prefix: '', format: 'json' },
      INGESTED_AT,
    );
    expect(sink.keys('tables/').map((k) => k.split('/')[2])).toEqual(['dt=2026-11-20', 'dt=2026-11-23']);
  });
});
