import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { idFromUrn, localPart, sameCanvasId, shardOf } from '../../lambda/contract/canvas-ids.js';
import { bool, deriveBody, fieldRegistry, id, int64, text } from '../../lambda/contract/define.js';
import {
  hashEventId,
  noteNumber,
  parseJson,
  quoteBigIntegers,
  trackRounding,
} from '../../lambda/contract/json.js';
import { epochNumberToMillis, parseCanvasTime, utcDate } from '../../lambda/contract/time.js';
import { cleanUrl } from '../../lambda/contract/urls.js';

describe('parseCanvasTime', () => {
  it.each([
    ['2018-10-09T21:07:33Z', '2018-10-09T21:07:33.000Z'],
    ['2019-11-01T19:11:09.910Z', '2019-11-01T19:11:09.910Z'],
    ['2019-11-05 07:38:00 -0800', '2019-11-05T15:38:00.000Z'],
    ['2020-03-30T11:18:51-06:00', '2020-03-30T17:18:51.000Z'],
    ['2020-08-18T17:24:46+0530', '2020-08-18T11:54:46.000Z'],
    ['2019-11-01T19:11:09.123456Z', '2019-11-01T19:11:09.123Z'],
    ['2019-11-01T19:11:09', '2019-11-01T19:11:09.000Z'],
    ['2019-11-01 19:11', '2019-11-01T19:11:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(parseCanvasTime(text) as number).toISOString()).toBe(iso);
  });

  it.each([
    '019-11-01T19:11:01.163Z',
    '2019-02-30T00:00:00Z',
    '2019-13-01T00:00:00Z',
    'yesterday',
    '',
    '2019-11-01',
  ])('rejects %j', (text) => {
    expect(parseCanvasTime(text)).toBeNull();
  });

  it('reads epoch numbers and rejects instants outside four-digit years', () => {
    expect(epochNumberToMillis(1572635481)).toBe(1572635481000);
    expect(epochNumberToMillis(1572635481419)).toBe(1572635481419);
    expect(epochNumberToMillis(1e300)).toBeNull();
    expect(epochNumberToMillis(-1)).toBeNull();
  });

  it('gives the UTC date for partitions', () => {
    expect(utcDate(parseCanvasTime('2019-11-05 23:38:00 -0800') as number)).toBe('2019-11-06');
  });
});

describe('Canvas ids', () => {
  it('reads URNs', () => {
    expect(idFromUrn('urn:instructure:canvas:course:21070000000000565')).toBe('21070000000000565');
    expect(idFromUrn('urn:instructure:canvas:course:21070000000000565:section:21070000000004811')).toBe(
      '21070000000004811',
    );
    expect(idFromUrn('565')).toBe('565');
  });

  it('splits global ids into shard and local parts', () => {
    expect(shardOf('21070000000000565')).toBe('2107');
    expect(localPart('21070000000000565')).toBe('565');
    expect(shardOf('565')).toBeNull();
    expect(localPart('abc')).toBeNull();
  });

  it('compares ids across global and local forms', () => {
    expect(sameCanvasId('21070000000000565', '565')).toBe(true);
    expect(sameCanvasId('565', '21070000000000565')).toBe(true);
    expect(sameCanvasId('21070000000000565', '31070000000000565')).toBe(false);
    expect(sameCanvasId('565', '566')).toBe(false);
    expect(sameCanvasId(null, '1')).toBe(false);
  });
});

describe('JSON', () => {
  it('reads 16+ digit integers exactly, as strings, and leaves strings and decimals alone', () => {
    const text =
      '{"a":21070000000046825,"b":[12345678901234567,1],"c":"x:12345678901234567,","d":1.5e3,"e":-21070000000046825}';
    const parsed = parseJson(text, true);
    expect(parsed).toEqual({
      ok: true,
      value: {
        a: '21070000000046825',
        b: ['12345678901234567', 1],
        c: 'x:12345678901234567,',
        d: 1500,
        e: '-21070000000046825',
      },
    });
    expect(quoteBigIntegers('{"s":"a\\"b","n":1234567890123456}')).toBe(
      '{"s":"a\\"b","n":"1234567890123456"}',
    );
  });

  it('reports invalid JSON instead of throwing', () => {
    expect(parseJson('{').ok).toBe(false);
  });

  it('hashes the canonical JSON of an event: the same event gives the same id, whatever its whitespace', () => {
    expect(hashEventId(JSON.parse('{ "a" : 1,\n "b": [1, 2] }'))).toBe(
      hashEventId(JSON.parse('{"a":1,"b":[1,2]}')),
    );
    expect(hashEventId({ a: 1 })).not.toBe(hashEventId({ a: 2 }));
    expect(hashEventId({ a: 1 })).toMatch(/^[0-9a-f]{32}$/);
  });

  it('notes integers JSON.parse could not hold exactly', () => {
    expect(
      trackRounding(() => {
        noteNumber(2 ** 53 - 1);
        noteNumber(1.5);
        return 'done';
      }),
    ).toEqual({ result: 'done', rounded: false });
    expect(trackRounding(() => noteNumber(Number('21070000000046825'))).rounded).toBe(true);
  });
});

describe('URLs', () => {
  it('unescapes &amp; and redacts access tokens anywhere in the query', () => {
    expect(cleanUrl('https://x/a?b=1&amp;c=2')).toBe('https://x/a?b=1&c=2');
    expect(cleanUrl('https://x/a?access_token=abc&b=1')).toBe('https://x/a?access_token=[REDACTED]&b=1');
    expect(cleanUrl('https://x/a?b=1&amp;access_token=abc')).toBe('https://x/a?b=1&access_token=[REDACTED]');
    // A parameter whose name ends in access_token is treated as one: redacting too much beats leaking.
    expect(cleanUrl('https://x/a?my_access_token=abc')).toBe('https://x/a?my_access_token=[REDACTED]');
  });
});

describe('deriveBody', () => {
  const created = z.looseObject({ a: id('A, created.'), b: text('B.'), c: int64('C.') });
  const updated = deriveBody(created, { a: id('A, updated.'), d: bool('D, only on update.') }, ['c']);

  it("keeps the twin's fields and order, replaces overrides in place, appends new ones, drops the omitted", () => {
    expect(Object.keys(updated.shape)).toEqual(['a', 'b', 'd']);
    expect(fieldRegistry.get(updated.shape.a)?.description).toBe('A, updated.');
    expect(updated.shape.b).toBe(created.shape.b);
    expect(fieldRegistry.get(updated.shape.d)).toMatchObject({
      type: 'boolean',
      description: 'D, only on update.',
    });
  });

  it('still keeps unknown keys, as every body schema does', () => {
    expect(updated.parse({ a: '1', x: 2 })).toEqual({ a: '1', x: 2 });
  });
});
