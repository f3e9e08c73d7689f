/** What the zod schemas and the compiled coercers both accept as numbers written as text, and the INT64 range. */

/** An integer written as text (`"42"`, `" -7 "`). */
export const INTEGER_TEXT = /^\s*-?\d+\s*$/;
/** A decimal number written as text (`"87.5"`, `"1e3"`). */
export const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
