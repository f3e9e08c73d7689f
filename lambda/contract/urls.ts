/** URL hygiene applied to every URL-typed value before it reaches a row. */

const ACCESS_TOKEN = /([?&;]|^)(access_token=)[^&#\s"\\]*/gi;
const HAS_TOKEN = /access_token=/i;

/** Replaces the value of every `access_token=` query parameter with `[REDACTED]` (also inside JSON text). */
export function redactAccessTokens(text: string): string {
  if (!HAS_TOKEN.test(text)) return text;
  return text.replace(ACCESS_TOKEN, '$1$2[REDACTED]');
}

/** Unescapes the HTML entity `&amp;` that Canvas documentation (and some traffic) leaves in URLs, then redacts tokens. */
export function cleanUrl(url: string): string {
  const unescaped = url.includes('&amp;') ? url.replaceAll('&amp;', '&') : url;
  return redactAccessTokens(unescaped);
}
