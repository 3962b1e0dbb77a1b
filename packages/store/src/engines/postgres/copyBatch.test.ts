import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAdminUrl, postgresAvailable, reportGap } from '../../../../../tests/support/environment.ts';
import { copyBatch } from './copyBatch.ts';
import { CopyRows } from './copyRows.ts';
import type { CopyTable } from './postgresStaging.ts';

const a: CopyTable = { name: 'batch_a', columns: ['id', 'label'], types: ['bigint', 'text'] };
const b: CopyTable = { name: 'batch_b', columns: ['id'], types: ['bigint'] };

const rowsOf = (table: CopyTable, values: [number, string?][]) => {
  const out = new CopyRows(table.types);
  for (const [id, label] of values) {
    out.int(id);
    if (table.columns.length > 1) out.str(label ?? null);
  }
  return out.take();
};

let available = false;
let client: pg.Client & pg.PoolClient;
beforeAll(async () => {
  available = await postgresAvailable();
  if (!available) {
    reportGap('copyBatch [postgres]', `Start PostgreSQL on ${postgresAdminUrl}.`);
    return;
  }
  client = new pg.Client({ connectionString: postgresAdminUrl }) as pg.Client & pg.PoolClient;
  await client.connect();
  await client.query(
    'CREATE TEMPORARY TABLE batch_a (id bigint PRIMARY KEY, label text); CREATE TEMPORARY TABLE batch_b (id bigint)',
  );
});
afterAll(async () => {
  await client?.end();
});

const count = async (table: string) =>
  Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

describe('copyBatch: a batch of COPYs and statements in one round trip [postgres]', () => {
  it('runs every step in order, each COPY taking its own rows, then leaves the connection usable', async (ctx) => {
    if (!available) return ctx.skip();
    await client.query('BEGIN');
    await copyBatch(client, [
      {
        table: a,
        rows: rowsOf(a, [
          [1, 'one'],
          [2, 'two; COPY batch_b FROM STDIN'],
        ]),
      },
      { table: b, rows: rowsOf(b, [[10]]) },
      // Sees the rows of both COPYs before it: the steps run in the order given.
      { sql: 'INSERT INTO batch_b SELECT id + 100 FROM batch_a' },
      { table: b, rows: Buffer.alloc(0) },
      { sql: '' },
      { table: b, rows: rowsOf(b, [[20]]) },
    ]);
    const { rows } = await client.query('SELECT id FROM batch_b ORDER BY id');
    expect(rows.map((r) => Number(r.id))).toEqual([10, 20, 101, 102]);
    expect((await client.query('SELECT label FROM batch_a WHERE id = 2')).rows[0].label).toBe(
      'two; COPY batch_b FROM STDIN',
    );
    await client.query('ROLLBACK');
    expect(await count('batch_a')).toBe(0);
  });

  it('stops at a failing step: nothing after it runs, the transaction is aborted, the connection recovers', async (ctx) => {
    if (!available) return ctx.skip();
    await client.query('BEGIN');
    const failing = copyBatch(client, [
      { table: b, rows: rowsOf(b, [[1]]) },
      // A duplicate key: the server fails this COPY while the data of the next steps is on its way.
      {
        table: a,
        rows: rowsOf(a, [
          [5, 'x'],
          [5, 'y'],
        ]),
      },
      { table: b, rows: rowsOf(b, [[2]]) },
      { sql: 'INSERT INTO batch_b VALUES (3)' },
    ]);
    await expect(failing).rejects.toThrow(/duplicate key/);
    await expect(client.query('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
    await client.query('ROLLBACK');
    expect(await count('batch_b')).toBe(0);
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('sends batches of any size and mix of empty steps whole (property)', async (ctx) => {
    if (!available) return ctx.skip();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3000 }), { minLength: 1, maxLength: 6 }), async (sizes) => {
        await client.query('BEGIN');
        let next = 0;
        const steps = sizes.map((n) => ({
          table: b,
          rows: rowsOf(
            b,
            Array.from({ length: n }, () => [next++] as [number]),
          ),
        }));
        await copyBatch(client, steps);
        const { rows } = await client.query<{ n: string; s: string | null }>(
          'SELECT count(*) AS n, sum(id) AS s FROM batch_b',
        );
        await client.query('ROLLBACK');
        expect(Number(rows[0]!.n)).toBe(next);
        expect(Number(rows[0]!.s ?? 0)).toBe((next * (next - 1)) / 2);
      }),
      { numRuns: 25 },
    );
  });
});
