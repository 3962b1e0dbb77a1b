import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppress } from './suppress.ts';

describe('suppression', () => {
  it('hides 1-4, and a second cell of any total that would give one away', () => {
    // Row: total 20 = 3 + 7 + 10. Hiding 3 alone lets 20 - 7 - 10 recover it: 7 goes too.
    const cells = new Map([
      ['total', 20],
      ['a', 3],
      ['b', 7],
      ['c', 10],
    ]);
    const status = suppress(cells, [['total', 'a', 'b', 'c']]);
    expect(Object.fromEntries(status)).toEqual({ a: 'primary', b: 'secondary' });
  });

  it('hides a total when every part is already hidden or the total itself is small', () => {
    const status = suppress(
      new Map([
        ['t', 4],
        ['a', 4],
        ['b', 0],
      ]),
      [['t', 'a', 'b']],
    );
    expect(Object.fromEntries(status)).toEqual({ t: 'primary', a: 'primary' });
    // Total 3 from parts 0 and 3 hidden; with a single zero part left it has to go as well.
    const chained = suppress(
      new Map([
        ['t', 9],
        ['a', 0],
        ['b', 9],
        ['x', 12],
        ['y', 3],
      ]),
      [
        ['x', 'y', 'b'],
        ['t', 'a', 'b'],
      ],
    );
    // y is small -> b hidden (x = y + b); then t = a + b has one hidden (b) -> a (zero) hidden.
    expect(Object.fromEntries(chained)).toEqual({ y: 'primary', b: 'secondary', a: 'secondary' });
  });

  it('never leaves a relation with exactly one hidden member (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 8 }),
        (rowA, rowB) => {
          // A 2 x n table with row totals, column totals and a grand total.
          const cells = new Map<string, number>();
          const n = Math.min(rowA.length, rowB.length);
          const relations: string[][] = [];
          const rows = [rowA.slice(0, n), rowB.slice(0, n)];
          rows.forEach((row, r) => {
            row.forEach((v, c) => {
              cells.set(`r${r}c${c}`, v);
            });
            cells.set(
              `r${r}`,
              row.reduce((a, b) => a + b, 0),
            );
            relations.push([`r${r}`, ...row.map((_, c) => `r${r}c${c}`)]);
          });
          for (let c = 0; c < n; c++) {
            cells.set(`c${c}`, rows[0]![c]! + rows[1]![c]!);
            relations.push([`c${c}`, `r0c${c}`, `r1c${c}`]);
          }
          cells.set('all', cells.get('r0')! + cells.get('r1')!);
          relations.push(['all', 'r0', 'r1']);
          const status = suppress(cells, relations);
          for (const [id, v] of cells) if (v >= 1 && v <= 4) expect(status.get(id)).toBe('primary');
          for (const rel of relations) expect(rel.filter((id) => status.has(id)).length).not.toBe(1);
        },
      ),
    );
  });
});
