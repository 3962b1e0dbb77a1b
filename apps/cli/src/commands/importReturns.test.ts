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
    expect(
      await refusal(() =>
        importFormat(
          [
            { path: 'a.csv', head: '' },
            { path: 'b.csv', head: '' },
          ],
          'csv',
        ),
      ),
    ).toMatchObject({ exitCode: ExitCode.usage, code: 'bad_option' });
  });
});
