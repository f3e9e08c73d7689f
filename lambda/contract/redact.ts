/**
 * The one redaction mechanism: every piece of message text the lake stores for analysts (row values, URLs,
 * `extra_json`, `validation_issues`, `body_json`, quarantine originals and details) passes through
 * `redactSecrets` when its message may hold a secret. Only the raw archive keeps bodies verbatim, in the
 * restricted store (README, "Who can read what").
 *
 * What counts as a secret: the value of an `access_token` (as a query or form parameter, a JSON member, with
 * its name or separator percent-encoded once or twice, or `\u`-escaped), a `Bearer` credential, and anything
 * shaped like a Canvas API token (`<digits>~<30+ letters and digits>`) wherever it appears.
 */

export const REDACTED = '[REDACTED]';

/** `access_token` with its underscore written plainly, percent-encoded (once or twice) or `\u`-escaped. */
const KEY = String.raw`access(?:_|%5f|%255f|\\u005f)token`;

/** `access_token=value` in a query string or form body, also with `=` percent-encoded, up to the next separator. */
const PARAMETER = new RegExp(String.raw`(${KEY}(?:=|%3d|%253d))((?:(?!%26|%2526|%23)[^&#\s"'\\<>;])*)`, 'gi');
/** `"access_token": "value"`, also inside JSON text that is itself a JSON string (escaped quotes). */
const MEMBER = new RegExp(String.raw`(\\*"${KEY}\\*"\s*:\s*\\*")((?:[^"\\]|\\(?!"))*)`, 'gi');
const BEARER = /(\bbearer(?:\s|%20|\+)+)([A-Za-z0-9._~+/=-]{12,})/gi;
const CANVAS_TOKEN = /\b(\d{1,12}~)[A-Za-z0-9]{30,}/g;

/** A cheap first look: text without any of these cannot hold a secret in a form `redactSecrets` knows. */
const HINT = /token|bearer|~/i;
/** Escapes that could hide such a hint (`%74oken`, `\u0074oken`, `&#116;oken`). */
const ESCAPE = /%[0-9a-f]{2}|\\u[0-9a-f]{4}|&#/i;

/** A redacted value still holding a secret in a form the patterns did not catch. */
const LEFTOVER =
  /access_token\s*(?:=|"\s*:\s*")\s*(?!\[REDACTED\])[^&\s"]|bearer\s+(?!\[REDACTED\])[a-z0-9._~+/=-]{12,}|\d~[a-z0-9]{30,}/i;

function decodeEscapes(text: string): string {
  let out = text;
  // Twice: a URL inside a query parameter is encoded twice.
  for (let i = 0; i < 2 && out.includes('%'); i++) {
    out = out.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return out
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/&#(?:x([0-9a-f]+)|(\d+));/gi, (_, hex: string | undefined, dec: string | undefined) =>
      String.fromCharCode(hex === undefined ? Number(dec) : Number.parseInt(hex, 16)),
    )
    .replaceAll('&amp;', '&');
}

/**
 * Whether text (a whole message body, or one value) may hold a secret. False means it certainly holds none
 * that `redactSecrets` would change, so callers skip redaction for most messages.
 */
export function mayHoldSecret(text: string): boolean {
  // stringifyJson(undefined) is undefined despite its type: nothing to redact (as before the substring gate).
  if (typeof text !== 'string') return false;
  if (HINT.test(text)) return true;
  // Plain substring searches first: most messages hold no escape at all, and these are much cheaper than a regex.
  if (!text.includes('%') && !text.includes('\\u') && !text.includes('&#')) return false;
  return ESCAPE.test(text) && HINT.test(decodeEscapes(text));
}

/**
 * Replaces every secret in text with `[REDACTED]`. Text that still holds a secret in an encoding the patterns
 * do not know is replaced whole: a value is better lost from an analyst's file (the raw archive keeps it) than
 * leaked.
 */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  const redacted = text
    .replace(PARAMETER, `$1${REDACTED}`)
    .replace(MEMBER, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(CANVAS_TOKEN, `$1${REDACTED}`);
  return LEFTOVER.test(decodeEscapes(redacted))
    ? `${REDACTED} (held a credential in an unrecognised form)`
    : redacted;
}
