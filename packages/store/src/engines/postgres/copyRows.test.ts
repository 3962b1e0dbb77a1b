import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyRows, type CopyType } from './copyRows.ts';

type Value = number | string | boolean | null;

// COPY's binary format, decoded the way the server reads it (header, rows of length-prefixed fields, trailer).
function decode(bytes: Buffer, types: readonly CopyType[]): Value[][] {
  if (bytes.length === 0) return [];
  expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  expect(bytes.readInt32BE(11)).toBe(0);
  let at = 19 + bytes.readInt32BE(15);
  const rows: Value[][] = [];
  for (;;) {
    const fields = bytes.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    if (fields !== types.length) throw new Error(`${fields} fields, not ${types.length}`);
    const row: Value[] = [];
    for (const type of types) {
      const length = bytes.readInt32BE(at);
      at += 4;
      if (length === -1) {
        row.push(null);
        continue;
      }
      const field = bytes.subarray(at, at + length);
      at += length;
      if (type === 'bigint') row.push(Number(field.readBigInt64BE(0)));
      else if (type === 'integer') row.push(field.readInt32BE(0));
      else if (type === 'boolean') row.push(field[0] === 1);
      else row.push(field.toString('utf8'));
      const width = { bigint: 8, integer: 4, boolean: 1, text: field.length }[type];
      if (length !== width) throw new Error(`A ${type} of ${length} bytes`);
    }
    rows.push(row);
  }
  expect(at).toBe(bytes.length);
  return rows;
}

describe('CopyRows (COPY binary format)', () => {
  it('writes each value in its column type, NULL and NaN as no value, one tuple per row', () => {
    const types: CopyType[] = ['bigint', 'integer', 'text', 'boolean'];
    const t = new CopyRows(types);
    t.int(Number.MAX_SAFE_INTEGER)
      .int(-(2 ** 31))
      .str('a\tb\n\\N "é" 🦊')
      .bool(true);
    t.int(null).int(Number.NaN).str(null).bool(false);
    t.int(-1)
      .int(2 ** 31 - 1)
      .str('')
      .bool(true);
    expect(t.rows).toBe(3);
    expect(decode(t.take(), types)).toEqual([
      [Number.MAX_SAFE_INTEGER, -(2 ** 31), 'a\tb\n\\N "é" 🦊', true],
      [null, null, null, false],
      [-1, 2 ** 31 - 1, '', true],
    ]);
    expect(t.take().length).toBe(0);
  });

  it('refuses values its column cannot hold, rather than letting the server fail mid-COPY', () => {
    expect(() => new CopyRows(['bigint']).int(1.5)).toThrow(/integer/);
    expect(() => new CopyRows(['bigint']).int(2 ** 53)).toThrow(/integer/);
    expect(() => new CopyRows(['integer']).int(2 ** 31)).toThrow(/32-bit/);
    expect(() => new CopyRows(['integer']).int(0.5)).toThrow(/32-bit/);
    expect(() => new CopyRows(['text']).int(1)).toThrow(/text column/);
    expect(() => new CopyRows(['bigint']).str('1')).toThrow(/bigint column/);
    expect(() => new CopyRows(['text']).str('a\u0000b')).toThrow(/NUL/);
  });

  it('refuses to hand over an unfinished row', () => {
    expect(() => new CopyRows(['bigint', 'bigint']).int(1).take()).toThrow(/unfinished/);
  });

  it('round-trips any rows of strings (any Unicode but NUL) and integers, growing past its first buffer', () => {
    const types: CopyType[] = ['text', 'bigint', 'integer', 'text'];
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    const row = fc.tuple(
      fc.option(text),
      fc.option(fc.maxSafeInteger()),
      fc.option(fc.integer()),
      fc.option(text),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (rows, repeat) => {
        const t = new CopyRows(types);
        // Repeats push the buffer past 1 MiB now and then.
        const all = Array.from({ length: repeat === 3 ? 2000 : 1 }, () => rows).flat();
        for (const [a, n, i, b] of all) t.str(a).int(n).int(i).str(b);
        // Lone surrogates become U+FFFD in UTF-8, as they would on the server.
        const utf8 = (s: string | null) => (s === null ? null : Buffer.from(s, 'utf8').toString('utf8'));
        const expected = all.map(([a, n, i, b]) => [utf8(a), n, i, utf8(b)]);
        expect(decode(t.take(), types)).toEqual(expected);
        // Taken streams are handed over whole: the next rows start a new one.
        for (const [a, n, i, b] of rows) t.str(a).int(n).int(i).str(b);
        expect(decode(t.take(), types)).toEqual(expected.slice(0, rows.length));
      }),
      { numRuns: 60 },
    );
  });

  it('hands sorted rows over by their first column, rows with one key in the order written', () => {
    const types: CopyType[] = ['bigint', 'integer', 'text'];
    // Keys past what packs into one double take the comparison sort; a NULL key sorts first.
    const key = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.maxSafeInteger(), fc.constant(null));
    const row = fc.tuple(
      key,
      fc.integer(),
      fc.option(fc.string({ maxLength: 5 }).filter((x) => !x.includes('\u0000'))),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
        const t = new CopyRows(types, true);
        for (const [i, [k, , x]] of rows.entries()) t.int(k).int(i).str(x);
        const rank = (k: number | null) => (k === null ? -Infinity : k);
        const expected = rows
          .map(([k, , x], i) => [k, i, x] as Value[])
          .sort(
            (a, b) =>
              rank(a[0] as number | null) - rank(b[0] as number | null) ||
              (a[1] as number) - (b[1] as number),
          );
        const first = t.take();
        for (const [i, [k, , x]] of rows.entries()) t.int(k).int(i).str(x);
        expect(decode(first, types)).toEqual(expected);
        expect(decode(t.take(), types)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    expect(() => new CopyRows(['text', 'bigint'], true)).toThrow(/integer first column/);
  });
});
