import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyRows, type CopyType } from './copyRows.ts';
import { decodeCopy as decode } from './testing/decodeCopy.ts';

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
});
