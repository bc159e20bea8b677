/**
 * Binary-format array parameters (postgresBinary.ts) on a real (throwaway) PostgreSQL: what array_recv
 * reads back equals what the text format (node-postgres's own encoding of a JS array, the control) gives,
 * for the awkward values: quotes, backslashes, braces, commas, empty strings, NULL, "NULL", multi-byte
 * UTF-8, canonical JSON, and bigints across the 32-bit boundary and negative.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgres, type TestPostgres } from '../../test/support/postgres';
import { int8Array, textArray, withBinaryArrays } from './postgresBinary';

const TEXTS: (string | null)[] = [
  'plain', '', null, 'NULL', 'a "quoted" word', 'back\\slash', '{braces},commas', ' leading and trailing ', 'tab\tnew\nline',
  'Grüße, 東京, emoji 🎉', JSON.stringify({ body: 'say "hi" \\ {x}', recordId: 'r-1', to: ['a@b', 'c@d'] }), 'x'.repeat(70_000),
];
const INTS = [0, 1, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 32 + 5, -(2 ** 32) - 7, Date.UTC(2025, 0, 1), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

const available = postgresAvailable();
describe.skipIf(!available)('binary array parameters on PostgreSQL', () => {
  let cluster: TestPostgres;
  let client: pg.Client;
  beforeAll(async () => {
    cluster = await startPostgres();
    client = new pg.Client({ connectionString: await cluster.createDatabase('binary_arrays') });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await cluster?.stop();
  });

  const texts = async (param: unknown) =>
    (await client.query<{ v: string | null; n: string }>('SELECT v, ord::text AS n FROM unnest($1::text[]) WITH ORDINALITY AS t(v, ord) ORDER BY ord', [param])).rows.map((r) => r.v);
  const ints = async (param: unknown) =>
    (await client.query<{ v: string }>('SELECT v::text AS v FROM unnest($1::bigint[]) WITH ORDINALITY AS t(v, ord) ORDER BY ord', [param])).rows.map((r) => r.v);

  it('text[]: the same elements as the text format (control), NULL stays NULL and "NULL" stays a string', async () => {
    const control = await texts(TEXTS);
    expect(control).toEqual(TEXTS);
    expect(await texts(textArray(TEXTS))).toEqual(control);
  });

  it('bigint[]: the same values as the text format (control), across 2^32 and negative', async () => {
    const control = await ints(INTS);
    expect(control).toEqual(INTS.map(String));
    expect(await ints(int8Array(INTS))).toEqual(control);
  });

  it('empty arrays insert nothing', async () => {
    expect(await texts(textArray([]))).toEqual([]);
    expect(await ints(int8Array([]))).toEqual([]);
  });

  it('refuses a bigint that is not a safe integer (nothing is sent)', () => {
    expect(() => int8Array([1, 2 ** 53])).toThrow(/not a safe integer/);
    expect(() => int8Array([1.5])).toThrow(/not a safe integer/);
    expect(int8Array([2 ** 53 - 1]).length).toBe(32);
  });

  it('PostgreSQL rejects a NUL character in text either way (an error, not a silent cut)', async () => {
    await expect(texts(['a\u0000b'])).rejects.toThrow();
    await expect(texts(textArray(['a\u0000b']))).rejects.toThrow();
  });
});

describe('withBinaryArrays: which arguments become binary', () => {
  it('turns JS arrays cast to text[] or bigint[] into binary, by parameter number, and leaves the rest', () => {
    const sql = 'INSERT INTO t SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) WHERE $4 = $4 AND x = ANY($12::text[])';
    const args: unknown[] = [[1, 2], ['a', null], ['{}'], 'scalar', 0, 0, 0, 0, 0, 0, 0, ['z']];
    const out = withBinaryArrays(sql, args);
    expect(out[0]).toEqual(int8Array([1, 2]));
    expect(out[1]).toEqual(textArray(['a', null]));
    expect(out[2]).toEqual(['{}']);
    expect(out[3]).toBe('scalar');
    expect(out[11]).toEqual(textArray(['z']));
    expect(args[0]).toEqual([1, 2]);
  });

  it('leaves an array whose elements do not fit the cast to the text format (control: fitting ones convert)', () => {
    const out = withBinaryArrays('SELECT $1::text[], $2::bigint[], $3::bigint[]', [[1, 2], [1.5], [3]]);
    expect(out[0]).toEqual([1, 2]);
    expect(out[1]).toEqual([1.5]);
    expect(out[2]).toEqual(int8Array([3]));
  });
});
