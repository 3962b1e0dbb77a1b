import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../exitCodes.ts';
import { importFormat, readReturn } from './importReturns.ts';

const dir = mkdtempSync(join(tmpdir(), 'continuum-returns-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const refusal = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    const e = error as CliError;
    return { exitCode: e.exitCode, code: e.code, message: e.message };
  }
  throw new Error('not refused');
};

// H1: `continuum import` refuses what `POST /api/ingest` refuses, with the reader's code and a clear message.
describe('continuum import refuses files it cannot import, before anything is stored', () => {
  it('a census year that is not XML: exit 3, unreadable_file, nothing imported', async () => {
    const bad = file('bad.xml', 'this is not xml');
    expect(await refusal(() => readReturn('cin', [bad], { outsidePathway: 'flag' }))).toMatchObject({
      exitCode: ExitCode.invalidInput,
      code: 'unreadable_file',
      message: expect.stringMatching(/^bad\.xml is not readable XML.*; nothing was imported\.$/),
    });
  });

  it('an SSDA903 return without its episodes table: exit 3, missing_file', async () => {
    const header = file('header.csv', 'CHILD,SEX,DOB\n1,1,2010-01-01\n');
    expect(await refusal(() => readReturn('ssda903', [header], { outsidePathway: 'flag' }))).toMatchObject({
      exitCode: ExitCode.invalidInput,
      code: 'missing_file',
    });
  });

  it('files of different kinds or of no known kind: exit 2, unknown_format, naming the file', async () => {
    const mixed = [
      { path: 'cin.xml', head: '<Message><Header/><Children>' },
      { path: '/data/episodes.csv', head: 'CHILD,DECOM,RNE\n' },
    ];
    expect(await refusal(() => importFormat(mixed, undefined))).toEqual({
      exitCode: ExitCode.usage,
      code: 'unknown_format',
      message:
        'The files are of different kinds: cin.xml (a CIN census file), episodes.csv (SSDA903 episodes); import one format at a time.',
    });
    expect(await refusal(() => importFormat([{ path: 'notes.bin', head: 'x' }], undefined))).toMatchObject({
      exitCode: ExitCode.usage,
      code: 'unknown_format',
      message: expect.stringContaining('pass --format'),
    });
  });

  // H10: these printed bad_option while POST /api/ingest answers too_many_files and unknown_format.
  it('several files for a one-file format: exit 2, too_many_files, as the API answers', async () => {
    const logs = [
      { path: 'a.csv', head: '' },
      { path: 'b.csv', head: '' },
    ];
    expect(await refusal(() => importFormat(logs, 'csv'))).toMatchObject({
      exitCode: ExitCode.usage,
      code: 'too_many_files',
    });
    const workbooks = [file('a.xlsx', 'PK'), file('b.xlsx', 'PK')];
    expect(await refusal(() => readReturn('annex-a', workbooks, { outsidePathway: 'flag' }))).toEqual({
      exitCode: ExitCode.usage,
      code: 'too_many_files',
      message: 'An Annex A workbook is imported on its own; 2 files were given.',
    });
  });

  it('SSDA903 CSV tables and XML together: exit 2, unknown_format, as the API answers', async () => {
    const files = [file('episodes.csv', 'CHILD,DECOM,RNE\n'), file('903.xml', '<EXPSSDA903/>')];
    expect(await refusal(() => readReturn('ssda903', files, { outsidePathway: 'flag' }))).toEqual({
      exitCode: ExitCode.usage,
      code: 'unknown_format',
      message:
        'An SSDA903 import takes either the CSV tables or XML returns, not both at once; nothing was imported.',
    });
  });

  it('a file name that looks like personal data is not repeated, as the API withholds it', async () => {
    const named = file('Jane Smith DOB 01-02-2015.xml', 'this is not xml');
    const { message } = await refusal(() => readReturn('cin', [named], { outsidePathway: 'flag' }));
    expect(message).toMatch(/^file 1 \(name withheld: .+\) is not readable XML/);
    expect(message).not.toMatch(/Jane|Smith|2015/);
    expect(importFormat([{ path: named, head: '<Message><Header/><Children>' }], undefined)).toBe('cin');
  });
});
