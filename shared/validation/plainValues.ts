/**
 * The small checks the hand-written fast paths share (the journal record check, ingest's batch check, the
 * IPC router's hot channels): each is at least as strict as its zod schema, and these are its pieces.
 */

/** An object that is not null and not an array (any prototype). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A plain object: not null, not an array, its prototype Object.prototype or null. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A plain object whose enumerable keys are all its own and all in `allowed` (what z.object().strict() accepts). */
export function plainWithKeys(o: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  if (!isPlainObject(o)) return false;
  for (const k in o) if (!allowed.has(k) || !Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

/** A string of `min`..`max` UTF-16 code units (zod's min/max). */
export const str = (v: unknown, min = 0, max = Infinity): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** Absent, or a string of `min`..`max` code units. */
export const optStr = (v: unknown, min = 0, max = Infinity): boolean => v === undefined || str(v, min, max);
