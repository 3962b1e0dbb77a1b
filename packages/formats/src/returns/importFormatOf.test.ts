import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from './importFileError.ts';
import type { FileHead, ImportFormat } from './fileHead.ts';
import { importFormatOf } from './importFormatOf.ts';

const episodes: FileHead = { name: 'episodes.csv', head: 'CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n' };
const header: FileHead = { name: 'header.csv', head: 'CHILD,SEX,DOB\n' };
/** A care leavers table whose columns do not say what it is. */
const oc3: FileHead = { name: 'oc3.csv', head: 'CHILD,ACCOM\n' };
const log: FileHead = { name: 'log.csv', head: 'case_ref,stage,entered_at\n' };
const cin: FileHead = { name: 'cin.xml', head: '<Message><Header/><Children>' };
/** An .xlsx workbook's first bytes: a ZIP archive's signature. */
const workbook: FileHead = { name: 'a.xlsx', head: 'PK\u0003\u0004\u0014\u0000' };
const xml903: FileHead = {
  name: '903.xml',
  head: '<?xml version="1.0"?>\n<!-- 2024 -->\n<EXPSSDA903><CHILD>',
};

const refusal = (files: FileHead[], requested?: ImportFormat) => {
  try {
    importFormatOf(files, requested);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return { code: (error as ImportFileError).code, message: (error as ImportFileError).message };
  }
  throw new Error('not refused');
};

describe('importFormatOf: one rule for the format of the files to import (CLI and API)', () => {
  it('tells one file by its name and first bytes', () => {
    expect(importFormatOf([log])).toBe('csv');
    expect(importFormatOf([{ name: 'log.ndjson', head: '{"case_ref":"A"}' }])).toBe('ndjson');
    expect(importFormatOf([workbook])).toBe('annex-a');
    expect(importFormatOf([cin])).toBe('cin');
    expect(importFormatOf([{ name: '903.xml', head: '<EXPSSDA903><CHILD>' }])).toBe('ssda903');
    // A log named like a table is still a log: the name only sorts CSV files beside SSDA903 tables.
    expect(importFormatOf([{ ...log, name: 'episodes.csv' }])).toBe('csv');
    expect(importFormatOf([{ ...oc3, name: 'x.csv', label: 'careLeavers' }])).toBe('ssda903');
  });

  it('property: SSDA903 tables in any order, a care leavers table named only by its file name, are SSDA903', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([header, oc3]), fc.nat(), (others, at) => {
        const files = [...others];
        files.splice(at % (files.length + 1), 0, episodes);
        expect(importFormatOf(files)).toBe('ssda903');
      }),
    );
  });

  it('refuses files it cannot tell, files of different kinds, and several files for a one-file format', () => {
    expect(refusal([{ name: 'notes.bin', head: 'hello' }])).toEqual({
      code: 'unknown_format',
      message: 'Cannot tell what notes.bin is from its name or content',
    });
    expect(refusal([episodes, log])).toMatchObject({ code: 'mixed_formats' });
    expect(refusal([cin, episodes]).message).toBe(
      'The files are of different kinds: cin.xml (a CIN census file), episodes.csv (SSDA903 episodes)',
    );
    expect(refusal([log, { ...log, name: 'b.csv' }])).toEqual({
      code: 'too_many_files',
      message: 'csv imports one file at a time; 2 files were given',
    });
    expect(refusal([log, log], 'annex-a').code).toBe('too_many_files');
    expect(importFormatOf([log, header], 'ssda903')).toBe('ssda903');
  });

  it('refuses files whose first bytes show they cannot be of the format asked for, as the readers would', () => {
    expect(refusal([cin], 'ssda903')).toEqual({
      code: 'unreadable_file',
      message: 'cin.xml is not an SSDA903 XML return (expected an EXPSSDA903 root with CHILD elements)',
    });
    expect(refusal([xml903], 'cin')).toEqual({
      code: 'unreadable_file',
      message: '903.xml is not a CIN census file (its root element is not Message)',
    });
    expect(refusal([episodes], 'cin')).toEqual({
      code: 'unreadable_file',
      message: 'episodes.csv is not a CIN census file (it is plain text, not XML)',
    });
    expect(refusal([episodes, xml903], 'ssda903')).toEqual({
      code: 'mixed_files',
      message: 'An SSDA903 import takes either the CSV tables or XML returns, not both at once',
    });
    // Told, not asked for: the same refusal.
    expect(refusal([episodes, xml903]).code).toBe('mixed_files');
    expect(refusal([log], 'annex-a')).toEqual({
      code: 'not_a_workbook',
      message: 'log.csv: not an .xlsx workbook (it is plain text)',
    });
    expect(refusal([{ ...cin, name: 'log.csv' }], 'csv')).toEqual({
      code: 'unreadable_file',
      message: 'log.csv is not a canonical CSV log (it is XML)',
    });
    expect(refusal([{ ...workbook, name: 'log.ndjson' }], 'ndjson').code).toBe('unreadable_file');
    expect(refusal([workbook], 'ssda903').code).toBe('unreadable_file');
    // An old Office file (a password-protected workbook is one) or UTF-16 text is not called plain text.
    const ole = '\uFFFD\uFFFD\u0011\uFFFD\uFFFD\uFFFD\u001A\uFFFD\u0000\u0000\u0000';
    expect(refusal([{ name: 'a.xlsx', head: ole }], 'annex-a').message).toBe(
      'a.xlsx: not an .xlsx workbook (it is a binary file, such as an .xls or a password-protected workbook, or text saved as UTF-16)',
    );
    expect(refusal([{ name: 'c.xml', head: '\uFFFD\uFFFD<\u0000M\u0000' }], 'cin')).toEqual({
      code: 'unreadable_file',
      message:
        'c.xml cannot be read (it is a binary file, such as an .xls or a password-protected workbook, or text saved as UTF-16; save it as UTF-8 text)',
    });
    // A namespace prefix is read past (the local name counts); XML whose root the first bytes do not
    // reach is left to the reader.

    expect(importFormatOf([{ name: 'c.xml', head: '\uFEFF<ns:Message xmlns:ns="x">' }], 'cin')).toBe('cin');
    expect(importFormatOf([{ name: 'c.xml', head: `<!-- ${'x'.repeat(5000)}` }], 'cin')).toBe('cin');
    expect(
      importFormatOf([{ name: 'c.xml', head: '<!DOCTYPE m [<!ENTITY a "b">]><EXPSSDA903>' }], 'cin'),
    ).toBe('cin');
  });

  it('property: any first bytes are told or refused with an ImportFileError, for any format asked for', () => {
    const heads = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            '<?xml?>',
            '<!--',
            '-->',
            '<!DOCTYPE',
            '>',
            '<',
            'Message',
            'EXPSSDA903',
            ' ',
            'PK\u0003\u0004',
            ',',
          ),
          {
            maxLength: 30,
          },
        )
        .map((parts) => parts.join('')),
    );
    const formats = fc.constantFrom<ImportFormat | undefined>(
      undefined,
      'csv',
      'ndjson',
      'annex-a',
      'cin',
      'ssda903',
    );
    fc.assert(
      fc.property(heads, fc.constantFrom('f.xml', 'f.csv', 'f.xlsx', 'f'), formats, (head, name, format) => {
        try {
          const told = importFormatOf([{ name, head }], format);
          if (format) expect(told).toBe(format);
        } catch (error) {
          expect(error).toBeInstanceOf(ImportFileError);
        }
      }),
    );
  });
});
