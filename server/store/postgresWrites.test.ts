import { describe, expect, it } from 'vitest';
import { combine, preparedQuery, sameForAll, unnestInsert } from './postgresWrites';

describe('combine: queued writes as one statement of data-modifying CTEs', () => {
  it('renumbers each statement’s parameters after the ones before it and keeps the arguments in order', () => {
    const out = combine([
      { sql: 'INSERT INTO a (x, y) SELECT * FROM unnest($1::text[], $2::bigint[])', args: [['p'], [1]] },
      { sql: 'UPDATE t SET s = $1 WHERE id = 1', args: [7] },
      { sql: 'INSERT INTO b (u, v, w) VALUES ($1, $2, $3)', args: ['u', 'v', 'w'] },
    ]);
    expect(out.sql).toBe(
      'WITH w0 AS (INSERT INTO a (x, y) SELECT * FROM unnest($1::text[], $2::bigint[])), w1 AS (UPDATE t SET s = $3 WHERE id = 1), ' +
        'w2 AS (INSERT INTO b (u, v, w) VALUES ($4, $5, $6)) SELECT 1',
    );
    expect(out.args).toEqual([['p'], [1], 7, 'u', 'v', 'w']);
  });

  it('sends a single statement as it is (control)', () => {
    const one = { sql: 'INSERT INTO b (u) VALUES ($1)', args: ['u'] };
    expect(combine([one])).toBe(one);
  });

  it('renumbers two-digit parameters as numbers, not digit by digit', () => {
    const many = Array.from({ length: 12 }, (_, i) => `$${i + 1}`).join(', ');
    const out = combine([
      { sql: 'INSERT INTO a (x) VALUES ($1)', args: [0] },
      { sql: `INSERT INTO c VALUES (${many})`, args: Array.from({ length: 12 }, (_, i) => i) },
    ]);
    expect(out.sql).toContain('VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)');
  });
});

describe('preparedQuery: a statement name derived from its text', () => {
  it('gives one text one name on every call, with the arguments passed through', () => {
    const a = preparedQuery('SELECT $1::int', [1]);
    const b = preparedQuery('SELECT $1::int', [2]);
    expect(a.name).toBe(b.name);
    expect(a.name).toMatch(/^ret_[0-9a-f]{20}$/);
    expect(a).toMatchObject({ text: 'SELECT $1::int', values: [1] });
  });

  it('gives different texts different names (control: a name never stands for two texts)', () => {
    expect(preparedQuery('SELECT $1::int', []).name).not.toBe(preparedQuery('SELECT $1::bigint', []).name);
  });
});

describe('combine: an argument object given to several statements is sent once', () => {
  it('points every statement given the same object with the same cast at one parameter', () => {
    const ids = ['a', 'b'];
    const leaf = Buffer.from([1, 2]);
    const out = combine([
      { sql: 'INSERT INTO r (i, id, x) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', args: [leaf, ids, ['x', 'y']] },
      { sql: 'INSERT INTO l (i, id, h) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', args: [leaf, ids, ['h', 'k']] },
    ]);
    expect(out.sql).toBe(
      'WITH w0 AS (INSERT INTO r (i, id, x) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])), ' +
        'w1 AS (INSERT INTO l (i, id, h) SELECT * FROM unnest($1::bigint[], $2::text[], $4::text[])) SELECT 1',
    );
    expect(out.args).toEqual([leaf, ids, ['x', 'y'], ['h', 'k']]);
    expect(out.args[0]).toBe(leaf);
  });

  it('sends equal values that are different objects, primitives, and one object under two casts apart (controls)', () => {
    const shared = ['1'];
    const out = combine([
      { sql: 'INSERT INTO a (x, y, z) SELECT * FROM unnest($1::text[], $2::text[]), $3', args: [['p'], shared, 7] },
      { sql: 'INSERT INTO b (x, y, z) SELECT * FROM unnest($1::text[], $2::bigint[]), $3', args: [['p'], shared, 7] },
    ]);
    expect(out.sql).toContain('w1 AS (INSERT INTO b (x, y, z) SELECT * FROM unnest($4::text[], $5::bigint[]), $6)');
    expect(out.args).toEqual([['p'], shared, 7, ['p'], shared, 7]);
  });

  it('gives the same text for every batch of the same statements, so the prepared statement is reused', () => {
    const batch = (n: number) => {
      const ids = Array.from({ length: n }, (_, i) => `r${i}`);
      return combine([
        { sql: 'INSERT INTO r (id, b) SELECT * FROM unnest($1::text[], $2::text[])', args: [ids, ids.map(() => 'body')] },
        { sql: 'INSERT INTO l (id) SELECT * FROM unnest($1::text[])', args: [ids] },
      ]).sql;
    };
    expect(batch(2)).toBe(batch(5));
  });

  it('refuses a statement that reads a parameter it was not given, before anything is sent', () => {
    expect(() =>
      combine([
        { sql: 'INSERT INTO a (x) VALUES ($1)', args: [0] },
        { sql: 'INSERT INTO b (x, y) VALUES ($1, $2)', args: [1] },
      ]),
    ).toThrow(/reads \$2 but has 1 arguments/);
  });
});

describe('unnestInsert: a value shared by every row goes once, as a scalar', () => {
  it('puts a { all } column in the select list and the others in unnest, numbered by column', () => {
    const ids = ['a', 'b'];
    const out = unnestInsert('leaves', [
      { name: 'leaf_index', type: 'bigint', values: [1, 2] },
      { name: 'record_id', type: 'text', values: ids },
      { name: 'stored_at', type: 'text', values: { all: '2026-01-01T00:00:00.000Z' } },
    ]);
    expect(out.sql).toBe(
      'INSERT INTO leaves (leaf_index, record_id, stored_at) SELECT u.c1, u.c2, $3::text FROM unnest($1::bigint[], $2::text[]) AS u(c1, c2)',
    );
    expect(out.args).toEqual([[1, 2], ids, '2026-01-01T00:00:00.000Z']);
  });

  it('sameForAll gives { all } only when every row agrees (control: rows that differ, and no rows, stay arrays)', () => {
    expect(sameForAll([{ b: 'x' }, { b: 'x' }], (r) => r.b)).toEqual({ all: 'x' });
    expect(sameForAll([{ b: 'x' }, { b: 'y' }], (r) => r.b)).toEqual(['x', 'y']);
    expect(sameForAll([] as { b: string }[], (r) => r.b)).toEqual([]);
  });
});
