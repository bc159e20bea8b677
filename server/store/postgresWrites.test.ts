import { describe, expect, it } from 'vitest';
import { combine, preparedQuery } from './postgresWrites';

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
