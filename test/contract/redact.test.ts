import { describe, expect, it } from 'vitest';
import { mayHoldSecret, REDACTED, redactSecrets } from '../../lambda/contract/redact.js';

const TOKEN = '7~Zq9xW3vT1pL0kJ8hG6fD4sA2mN5bV7cX9zQ1wE3rT5yU7iO9pA1sD3fG5hJ7kL9';

describe('redactSecrets', () => {
  it.each([
    ['a query parameter', 'https://x/a?access_token=abc123&b=1', 'https://x/a?access_token=[REDACTED]&b=1'],
    ['an upper-case name', 'https://x/?ACCESS_TOKEN=abc', 'https://x/?ACCESS_TOKEN=[REDACTED]'],
    [
      'an HTML-escaped separator',
      'https://x/?b=1&amp;access_token=abc',
      'https://x/?b=1&amp;access_token=[REDACTED]',
    ],
    [
      'a percent-encoded underscore',
      'https://x/?access%5Ftoken=abc&b=1',
      'https://x/?access%5Ftoken=[REDACTED]&b=1',
    ],
    ['a lower-case percent escape', 'https://x/?access%5ftoken=abc', 'https://x/?access%5ftoken=[REDACTED]'],
    [
      'a URL inside a parameter (encoded once)',
      'https://x/login?return_to=https%3A%2F%2Fy%2Fz%3Faccess_token%3Dabc%26b%3D1',
      'https://x/login?return_to=https%3A%2F%2Fy%2Fz%3Faccess_token%3D[REDACTED]%26b%3D1',
    ],
    [
      'a URL encoded twice',
      'https://x/?r=https%253A%252F%252Fy%253Faccess%255Ftoken%253Dabc%2526b',
      'https://x/?r=https%253A%252F%252Fy%253Faccess%255Ftoken%253D[REDACTED]%2526b',
    ],
    ['a JSON member', '{"access_token":"abc","b":1}', '{"access_token":"[REDACTED]","b":1}'],
    ['a JSON member with spaces', '{"access_token" : "abc"}', '{"access_token" : "[REDACTED]"}'],
    [
      'JSON text inside a JSON string',
      '{"x":"{\\"access_token\\":\\"abc\\"}"}',
      '{"x":"{\\"access_token\\":\\"[REDACTED]\\"}"}',
    ],
    ['a \\u-escaped name', '{"access\\u005ftoken":"abc"}', '{"access\\u005ftoken":"[REDACTED]"}'],
    ['a Bearer credential', 'Authorization: Bearer abcdef123456', 'Authorization: Bearer [REDACTED]'],
    ['a Canvas token on its own', `token is ${TOKEN} here`, `token is 7~${REDACTED} here`],
  ])('redacts %s', (_, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('replaces a value whole when a token hides in an encoding the patterns do not know', () => {
    // `%74` is "t": the name only reads as access_token once decoded.
    const out = redactSecrets('https://x/?access_%74oken=abc');
    expect(out.startsWith(REDACTED)).toBe(true);
    expect(out).not.toContain('abc');
  });

  it('leaves text without secrets unchanged, including look-alikes that are not credentials', () => {
    for (const text of [
      'https://x/courses/1?module_item_id=2',
      '{"token_count": 3}',
      'https://x/~user/page',
      'https://x/files/a%20b.pdf',
      'bearer of good news',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});

describe('mayHoldSecret', () => {
  it('is false for ordinary text and true for every form above', () => {
    expect(mayHoldSecret('{"metadata":{"event_name":"enrollment_created"}}')).toBe(false);
    expect(mayHoldSecret('https://x/?access_%74oken=abc')).toBe(true);
    expect(mayHoldSecret('{"x":"\\u0074oken"}')).toBe(true);
    expect(mayHoldSecret('x &#116;oken')).toBe(true);
  });
});
