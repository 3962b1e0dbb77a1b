import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseOrderedRows } from './CaseOrderedRows.ts';
import { CopyRows, type CopyType } from './copyRows.ts';
import { type CopyValue, decodeCopy } from './testing/decodeCopy.ts';

describe('CaseOrderedRows', () => {
  it('encodes rows ordered by case id, one case in the order added, NaN as NULL, over and over', () => {
    const types: CopyType[] = ['bigint', 'integer', 'text', 'bigint'];
    // Ids past what packs into one double take the comparison sort.
    const id = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.maxSafeInteger());
    const text = fc.option(fc.string({ maxLength: 5 }).filter((x) => !x.includes('\u0000')));
    const row = fc.tuple(id, text, fc.option(fc.integer({ min: -1e12, max: 1e12 })));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
        const held = new CaseOrderedRows(4, 2);
        const out = new CopyRows(types);
        const add = () => {
          for (const [i, [caseId, x, n]] of rows.entries()) {
            const o = held.next();
            held.values[o] = caseId;
            held.values[o + 1] = i;
            held.values[o + 3] = n ?? Number.NaN;
            if (x !== null) held.text(x);
          }
        };
        const expected = rows
          .map(([caseId, x, n], i): CopyValue[] => [caseId, i, x, n])
          .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
        for (let round = 0; round < 2; round++) {
          add();
          held.drainInto(out);
          expect(held.rows).toBe(0);
          expect(decodeCopy(out.take(), types)).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first buffer', () => {
    const held = new CaseOrderedRows(2);
    for (let i = 0; i < 50_000; i++) {
      const o = held.next();
      held.values[o] = 50_000 - i;
      held.values[o + 1] = i;
    }
    const out = new CopyRows(['bigint', 'bigint']);
    held.drainInto(out);
    const rows = decodeCopy(out.take(), ['bigint', 'bigint']);
    expect(rows.length).toBe(50_000);
    expect(rows[0]).toEqual([1, 49_999]);
    expect(rows[49_999]).toEqual([50_000, 0]);
  });
});
