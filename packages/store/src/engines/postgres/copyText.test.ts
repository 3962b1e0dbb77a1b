import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyText, copyTextField } from './copyText.ts';

// COPY's text format, decoded the way the server reads it (for the four escapes CopyText writes).
function decodeField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

describe('CopyText (COPY text format)', () => {
  it('escapes exactly backslash, tab, newline and carriage return', () => {
    expect(copyTextField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyTextField(`"quoted", 'single' ,; é 🦊 \\N`)).toBe(`"quoted", 'single' ,; é 🦊 \\\\N`);
    expect(() => copyTextField('a\u0000b')).toThrow(/NUL/);
  });

  it('writes integers digit by digit, NULL and NaN as \\N, one line per row', () => {
    const t = new CopyText(3);
    t.int(0).int(-42).int(Number.MAX_SAFE_INTEGER);
    t.int(null).int(Number.NaN).str(null);
    t.int(1_733_300_000_123).str('x').int(7);
    expect(t.rows).toBe(3);
    expect(t.take().toString('utf8')).toBe(
      `0\t-42\t${Number.MAX_SAFE_INTEGER}\n\\N\t\\N\t\\N\n1733300000123\tx\t7\n`,
    );
    expect(t.take().length).toBe(0);
    expect(() => new CopyText(1).int(1.5)).toThrow(/integer/);
    const edges = [
      9,
      10,
      999_999_999,
      1e9,
      2 ** 31 - 1,
      2 ** 31,
      1e12,
      1e12 + 7,
      1_000_000_000_001,
      -(2 ** 31),
    ];
    const one = new CopyText(1);
    for (const n of [...edges, ...edges.map((n) => -n), Number.MIN_SAFE_INTEGER]) one.int(n);
    expect(one.take().toString('utf8')).toBe(
      [...edges, ...edges.map((n) => -n), Number.MIN_SAFE_INTEGER].map((n) => `${n}\n`).join(''),
    );
  });

  it('refuses to hand over an unfinished row', () => {
    expect(() => new CopyText(2).int(1).take()).toThrow(/unfinished/);
  });

  it('round-trips any rows of strings (any Unicode but NUL) and integers, growing past its first buffer', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    const row = fc.tuple(fc.option(text), fc.option(fc.maxSafeInteger()), fc.option(text));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (rows, repeat) => {
        const t = new CopyText(3);
        // Repeats push the buffer past 1 MiB now and then.
        const all = Array.from({ length: repeat === 3 ? 2000 : 1 }, () => rows).flat();
        for (const [a, n, b] of all) t.str(a).int(n).str(b);
        const lines = t.take().toString('utf8').split('\n');
        expect(lines.pop()).toBe('');
        expect(lines.length).toBe(all.length);
        lines.forEach((line, i) => {
          const [a, n, b] = line.split('\t').map(decodeField);
          const [ea, en, eb] = all[i]!;
          expect([a, n === null ? null : Number(n), b]).toEqual([ea, en, eb]);
        });
      }),
      { numRuns: 60 },
    );
  });
});
