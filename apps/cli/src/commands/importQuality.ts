import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type QualityLine, qualityReportCsv, type ReturnRead, rejectedRowLines } from '@continuum/formats';
import type { IngestReport } from '@continuum/store';
import { CliError, ExitCode } from '../exitCodes.ts';

/**
 * The data-quality report of one import: every source row or element not imported as it stood
 * (rejected, outside the pathway, merged with a reason, noted), stored children that could not
 * continue, and the events the store refused; the same lines as `POST /api/ingest`'s report.
 */
export function importQualityLines(
  files: readonly string[],
  report: IngestReport,
  returned: ReturnRead | undefined,
): QualityLine[] {
  const names = files.map((f) => basename(f));
  return [...(returned?.quality ?? []), ...rejectedRowLines(names.join(', '), report.rejected)];
}

/** Writes the report as CSV (`--report <file>`); a path that cannot be written is a usage error. */
export function writeQualityReport(path: string, lines: readonly QualityLine[]): void {
  try {
    writeFileSync(path, qualityReportCsv(lines));
  } catch (error) {
    throw new CliError(
      `Cannot write the quality report to ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      ExitCode.usage,
      'bad_option',
    );
  }
}

/** Refuses, before anything is imported, a report path whose folder does not exist or that is a folder. */
export function checkReportPath(path: string): void {
  const full = resolve(path);
  const folder = dirname(full);
  if (
    !existsSync(folder) ||
    !statSync(folder).isDirectory() ||
    (existsSync(full) && statSync(full).isDirectory())
  )
    throw new CliError(
      `--report ${path}: no such folder to write the report in.`,
      ExitCode.usage,
      'bad_option',
    );
}
