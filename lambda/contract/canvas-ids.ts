/**
 * Canvas ids: a global id is `shard_id * 10^13 + local_id`; URLs and some bodies carry local ids.
 * Caliper wraps ids in URNs such as `urn:instructure:canvas:course:21070000000000565:section:21070000000004811`.
 */

const SHARD_FACTOR = 10_000_000_000_000n;

/** The trailing id of a Canvas URN (`…:section:21070000000004811` → `21070000000004811`); other strings pass through. */
export function idFromUrn(value: string): string {
  if (!value.startsWith('urn:')) return value;
  const last = value.slice(value.lastIndexOf(':') + 1);
  return last;
}

/** The local part of a Canvas id (`21070000000000565` → `565`); null when the value is not a numeric id. */
export function localPart(id: string): string | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  return (BigInt(id) % SHARD_FACTOR).toString();
}

/** The shard of a global id (`21070000000000565` → `2107`), or null for a local id. */
export function shardOf(id: string): string | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  const shard = BigInt(id) / SHARD_FACTOR;
  return shard === 0n ? null : shard.toString();
}

/**
 * Whether two Canvas ids name the same object. Two global ids must match exactly; when either is local,
 * the local parts are compared (a local id is relative to the shard of the request, which Canvas omits).
 */
export function sameCanvasId(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null || a === '' || b === '') return false;
  if (a === b) return true;
  const sa = shardOf(a);
  const sb = shardOf(b);
  if (sa !== null && sb !== null) return false;
  const la = localPart(a);
  return la !== null && la === localPart(b);
}
