import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForPii, needsFoldingForPii } from './foldForPii.ts';

describe('foldForPii reads a value as a person sees it', () => {
  it.each([
    ['Ｊａｎｅ Ｓｍｉｔｈ', 'Jane Smith'],
    ['Ａ123456789012', 'A123456789012'],
    ['ＳＷ1Ａ 1ＡＡ', 'SW1A 1AA'],
    ['２０１２-０３-０４', '2012-03-04'],
    ['ⒿⒶⓃⒺ', 'JANE'],
    ['Jane\u200bSmith', 'JaneSmith'],
    ['Jane\u2060Smith', 'JaneSmith'],
    ['Jane\u00adSmith', 'JaneSmith'],
    ['Jane\ufeffSmith', 'JaneSmith'],
    ['Jane\u3164Smith', 'JaneSmith'],
    ['Jane\u0000Smith', 'JaneSmith'],
    ['A12345678901\u200b2', 'A123456789012'],
    ['Jane\u00a0Smith', 'Jane Smith'],
    ['Jane\u2007Smith', 'Jane Smith'],
    ['Jane\u202fSmith', 'Jane Smith'],
    ['Jane\u3000Smith', 'Jane Smith'],
    ['Zoë Smith', 'Zoe Smith'],
    ['J\u0301ane', 'Jane'],
    ['Jаne Smіth', 'Jane Smith'],
    ['ΑΒ12', 'AB12'],
    ['2012\u201303\u201304', '2012-03-04'],
    ['2012\u221203\u221204', '2012-03-04'],
    ['04\u221503\u22152012', '04/03/2012'],
    ['04\u204403\u20442012', '04/03/2012'],
    ['O\u2019Brien', "O'Brien"],
    ['٠٧٧٠٠ ٩٠٠١٢٣', '07700 900123'],
    ['०७७०० ९००१२३', '07700 900123'],
    ['𝟎𝟕𝟕𝟎𝟎', '07700'],
  ])('%j reads as %j', (value, folded) => {
    expect(needsFoldingForPii(value)).toBe(true);
    expect(foldForPii(value)).toBe(folded);
  });

  it('leaves printable ASCII, tabs and line breaks alone (and so never folds them)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'\t\n\r', ...printableAscii()) }), (v) => {
        expect(needsFoldingForPii(v)).toBe(false);
        expect(foldForPii(v)).toBe(v);
      }),
    );
  });

  it('is idempotent on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (v) => {
        const once = foldForPii(v);
        expect(foldForPii(once)).toBe(once);
      }),
    );
  });
});

function printableAscii(): string[] {
  return Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
}
