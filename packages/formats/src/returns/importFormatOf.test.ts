import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from './importFileError.ts';
import { type FileHead, type ImportFormat, importFormatOf } from './importFormatOf.ts';

const episodes: FileHead = { name: 'episodes.csv', head: 'CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n' };
const header: FileHead = { name: 'header.csv', head: 'CHILD,SEX,DOB\n' };
/** A care leavers table whose columns do not say what it is. */
const oc3: FileHead = { name: 'oc3.csv', head: 'CHILD,ACCOM\n' };
const log: FileHead = { name: 'log.csv', head: 'case_ref,stage,entered_at\n' };
const cin: FileHead = { name: 'cin.xml', head: '<Message><Header/><Children>' };

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
    expect(importFormatOf([{ name: 'a.xlsx', head: 'PK' }])).toBe('annex-a');
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
});
