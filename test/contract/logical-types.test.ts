import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COERCE, INVALID } from '../../lambda/contract/coerce.js';
import { LOGICAL_TYPES, SCHEMA_OF } from '../../lambda/contract/logical-types.js';

const ok = (type: keyof typeof SCHEMA_OF, input: unknown) => {
  const r = SCHEMA_OF[type].safeParse(input);
  if (!r.success) throw new Error(`${type} rejected ${JSON.stringify(input)}`);
  return r.data;
};
const rejects = (type: keyof typeof SCHEMA_OF, input: unknown) =>
  SCHEMA_OF[type].safeParse(input).success === false;

describe('logical types', () => {
  it('id: strings or integers, stored as strings', () => {
    expect(ok('id', '21070000000000565')).toBe('21070000000000565');
    expect(ok('id', 565)).toBe('565');
    expect(rejects('id', 1.5)).toBe(true);
    expect(rejects('id', { id: 1 })).toBe(true);
  });

  it('int64: integers, integer strings; never beyond 64 bits or unsafe floats', () => {
    expect(ok('int64', 12)).toBe(12n);
    expect(ok('int64', ' 7 ')).toBe(7n);
    expect(ok('int64', '9223372036854775807')).toBe(9223372036854775807n);
    expect(rejects('int64', '9223372036854775808')).toBe(true);
    expect(rejects('int64', 1.5)).toBe(true);
    expect(rejects('int64', 2 ** 60)).toBe(true);
  });

  it('double: finite numbers and numeric strings', () => {
    expect(ok('double', 99.5)).toBe(99.5);
    expect(ok('double', '17.31')).toBe(17.31);
    expect(rejects('double', '1e999')).toBe(true);
    expect(rejects('double', 'A+')).toBe(true);
  });

  it('boolean: booleans and their text', () => {
    expect(ok('boolean', false)).toBe(false);
    expect(ok('boolean', 'TRUE')).toBe(true);
    expect(rejects('boolean', 'sometimes')).toBe(true);
    expect(rejects('boolean', 1)).toBe(true);
  });

  it('string: text, and numbers or booleans written as text', () => {
    expect(ok('string', 'A')).toBe('A');
    expect(ok('string', 5)).toBe('5');
    expect(rejects('string', ['a'])).toBe(true);
  });

  it('timestamp: every Canvas form, and epoch numbers', () => {
    expect(ok('timestamp', '2019-11-05 07:38:00 -0800')).toBe(Date.parse('2019-11-05T15:38:00Z'));
    expect(ok('timestamp', 1572635481)).toBe(1572635481000);
    expect(rejects('timestamp', '019-11-01T19:11:01.163Z')).toBe(true);
  });

  it('json: any value as JSON text with tokens redacted', () => {
    expect(ok('json', ['a', { b: 1 }])).toBe('["a",{"b":1}]');
    expect(ok('json', { u: 'https://x/?access_token=t' })).toBe('{"u":"https://x/?access_token=[REDACTED]"}');
  });

  it('url: unescaped and redacted', () => {
    expect(ok('url', 'https://x/?a=1&amp;access_token=t')).toBe('https://x/?a=1&access_token=[REDACTED]');
  });
});

describe('compiled coercers agree with the zod schemas', () => {
  const values = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.bigInt(),
    fc.constantFrom(
      'true',
      'FALSE',
      '  42 ',
      '-7',
      '1e5',
      '.5',
      '2019-11-05 07:38:00 -0800',
      '019-11-01T19:11:01.163Z',
      'https://x/?a=1&amp;access_token=t',
      '9223372036854775808',
    ),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  );
  it.each(LOGICAL_TYPES)('%s', (type) => {
    fc.assert(
      fc.property(values, (value) => {
        const zod = SCHEMA_OF[type].safeParse(value);
        const fast = COERCE[type](value);
        if (zod.success) expect(fast).toEqual(zod.data);
        else expect(fast).toBe(INVALID);
      }),
      { numRuns: 2000 },
    );
  });
});
