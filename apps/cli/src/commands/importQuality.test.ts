import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestReport } from '@continuum/store';
import { describe, expect, it } from 'vitest';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import { CliError } from '../exitCodes.ts';
import { checkReportPath, importQualityLines, writeQualityReport } from './importQuality.ts';
import { readReturn } from './importReturns.ts';

const report = (rejected: IngestReport['rejected']): IngestReport => ({
  mode: 'partial',
  committed: true,
  rows: 10,
  acceptedRows: 10 - rejected.length,
  outsidePathwayRows: 0,
  rejectedRows: rejected.length,
  discardedRows: 0,
  duplicateRows: 0,
  casesCreated: 1,
  casesUpdated: 0,
  casesRejected: 0,
  rejected,
  rejectedNotListed: 0,
  durationMs: 1,
});

// Issue 13: `continuum import --report` writes the same data-quality lines the API answers with.
describe('continuum import --report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-report-'));

  it('lists the return’s rejected elements, stored children that cannot continue and the store’s refusals', async () => {
    const [file] = writeCinCensusFiles(generateCinChildren(91, 3)).slice(-1);
    const path = join(dir, 'cin.xml');
    writeFileSync(path, file!.xml.replace(/<ReferralSource>[^<]*</, '<ReferralSource>ZZ9<'));
    const stored = async (ids: readonly string[]) =>
      new Map([[ids[0]!, { stage: 'looked_after', lastDate: '2000-01-01' }]]);
    const read = await readReturn('cin', [path], { outsidePathway: 'reject', storedPositions: stored });
    const lines = importQualityLines(
      [path],
      report([
        { row: 4, code: 'invalid_value', field: 'primary_need', message: 'primary_need is not a code.' },
      ]),
      read,
    );
    const out = join(dir, 'quality.csv');
    writeQualityReport(out, lines);
    const rows = lines;
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('file,part,row,field,outcome,problem');
    expect(csv.split('\r\n').filter((l) => l !== '')).toHaveLength(lines.length + 1);
    expect(
      rows.some((r) => r.field === 'ReferralSource' && r.outcome === 'rejected' && r.file === 'cin.xml'),
    ).toBe(true);
    expect(read.gaps).toHaveLength(1);
    expect(rows.filter((r) => r.part === 'stored cases')).toHaveLength(1);
    expect(rows.at(-1)).toEqual({
      file: 'cin.xml',
      part: 'events',
      row: 4,
      field: 'primary_need',
      outcome: 'rejected',
      problem: 'invalid_value: primary_need is not a code.',
    });
    expect(csv).toContain(
      '\r\ncin.xml,events,4,primary_need,rejected,invalid_value: primary_need is not a code.\r\n',
    );
    expect(readFileSync(out, 'utf8')).not.toContain('ZZ9');
  });

  it('refuses a report path with no folder before anything is imported', () => {
    expect(() => checkReportPath(join(dir, 'no-such-folder', 'q.csv'))).toThrow(CliError);
    expect(() => checkReportPath(dir)).toThrow(CliError);
    expect(() => checkReportPath(join(dir, 'fine.csv'))).not.toThrow();
  });
});
