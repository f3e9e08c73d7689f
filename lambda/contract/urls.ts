/** URL hygiene applied to every URL-typed value before it reaches a row. */
import { redactSecrets } from './redact.js';

/** Unescapes the HTML entity `&amp;` that Canvas documentation (and some traffic) leaves in URLs, then redacts tokens. */
export function cleanUrl(url: string): string {
  const unescaped = url.includes('&amp;') ? url.replaceAll('&amp;', '&') : url;
  return redactSecrets(unescaped);
}
