/**
 * One-dimensional arrays in PostgreSQL's binary wire format, for ingest's unnest() inserts.
 *
 * node-postgres sends a Buffer parameter in binary format, so `$1::text[]` given `textArray(list)` is read
 * by array_recv: a length and the bytes of each element, no quoting. The text format (what pg sends for a JS
 * array) makes node-postgres escape every `"` and `\` of every element and PostgreSQL's array_in scan each
 * character back; for ingest's record_json column (canonical JSON, full of quotes) that parsing was ~13% of
 * the backend's CPU per batch (perf, server/README.md "Ingest, third pass").
 *
 * Layout (src/backend/utils/adt/arrayfuncs.c, array_recv): int32 ndim = 1, int32 has-nulls flag, uint32
 * element type OID, int32 length, int32 lower bound = 1, then per element an int32 byte length (-1 for NULL)
 * and the element's binary form (text: its UTF-8 bytes; int8: 8 bytes big-endian).
 */

const TEXT_OID = 25;
const INT8_OID = 20;
const HEADER = 20;

function header(buf: Buffer, hasNulls: boolean, oid: number, length: number): void {
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(hasNulls ? 1 : 0, 4);
  buf.writeUInt32BE(oid, 8);
  buf.writeInt32BE(length, 12);
  buf.writeInt32BE(1, 16);
}

/** A text[] (elements may be null) in binary format, for a `$n::text[]` parameter. */
export function textArray(values: readonly (string | null | undefined)[]): Buffer {
  let size = HEADER;
  let hasNulls = false;
  const lengths = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      hasNulls = true;
      lengths[i] = -1;
      size += 4;
    } else {
      const n = Buffer.byteLength(v, 'utf8');
      lengths[i] = n;
      size += 4 + n;
    }
  }
  const buf = Buffer.allocUnsafe(size);
  header(buf, hasNulls, TEXT_OID, values.length);
  let at = HEADER;
  for (let i = 0; i < values.length; i++) {
    const n = lengths[i] as number;
    buf.writeInt32BE(n, at);
    at += 4;
    if (n > 0) at += buf.write(values[i] as string, at, n, 'utf8');
  }
  return buf;
}

/** A bigint[] (safe integers, no nulls) in binary format, for a `$n::bigint[]` parameter. */
export function int8Array(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + values.length * 12);
  header(buf, false, INT8_OID, values.length);
  let at = HEADER;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`not a safe integer for a bigint[] parameter: ${String(v)}`);
    buf.writeInt32BE(8, at);
    const hi = Math.floor(v / 2 ** 32);
    buf.writeInt32BE(hi, at + 4);
    buf.writeUInt32BE(v - hi * 2 ** 32, at + 8);
    at += 12;
  }
  return buf;
}

const ARRAY_CAST = /\$(\d+)::(text|bigint)\[\]/g;

/**
 * The arguments of `sql` with each JS array given to a `$n::text[]` or `$n::bigint[]` parameter turned into
 * its binary form (so every unnest insert and ANY() read of the store gets it without each call site doing
 * it). An array whose elements do not fit (a number for text[], a non-integer for bigint[]) is left as it
 * is, for node-postgres's text format and PostgreSQL's own error.
 */
export function withBinaryArrays(sql: string, args: readonly unknown[]): unknown[] {
  const out = [...args];
  for (const m of sql.matchAll(ARRAY_CAST)) {
    const i = Number(m[1]) - 1;
    const v = out[i];
    if (!Array.isArray(v)) continue;
    if (m[2] === 'text' && v.every((x) => typeof x === 'string' || x === null || x === undefined)) out[i] = textArray(v as (string | null)[]);
    else if (m[2] === 'bigint' && v.every((x) => Number.isSafeInteger(x))) out[i] = int8Array(v as number[]);
  }
  return out;
}
