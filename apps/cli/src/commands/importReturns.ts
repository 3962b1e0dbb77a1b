import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { uploadedName } from '@continuum/api';
import {
  ImportFileError,
  type ImportFormat,
  importFormatOf,
  type ReturnFormat,
  type ReturnRead,
  type ReturnReadOptions,
  readReturnFiles,
} from '@continuum/formats';
import { CliError, ExitCode } from '../exitCodes.ts';
import { listLine } from './importSummary.ts';

/**
 * The format of the files to import by formats' one rule (importFormatOf, as `POST /api/ingest`
 * tells it): `--format`, else what every file is recognised as from its name and first bytes.
 * Files that cannot be told or are of different kinds exit 2.
 */
export function importFormat(
  files: readonly { path: string; head: string }[],
  requested: ImportFormat | undefined,
): ImportFormat {
  try {
    return importFormatOf(
      files.map((f, i) => ({ ...uploadedName(basename(f.path), 'file', i + 1), head: f.head })),
      requested,
    );
  } catch (error) {
    throw cliErrorOf(error);
  }
}

/**
 * Reads the files of a return (an Annex A workbook, CIN census years, SSDA903 tables or XML) with
 * formats' one reader, as `POST /api/ingest` does: the same files are accepted and every source row
 * accounted for the same way (an SSDA903 table whose columns do not tell is named by its file name:
 * `episodes.csv`, `header.csv`, `care-leavers.csv` or `oc3.csv`). Files it cannot read exit 3 with
 * the reader's code (CSV and XML together: 2, `unknown_format`); nothing is imported.
 */
export async function readReturn(
  format: ReturnFormat,
  paths: readonly string[],
  options: ReturnReadOptions,
): Promise<ReturnRead> {
  // Named as the API names uploads: a file name that looks like personal data is not repeated.
  const files = paths.map((p, i) => ({
    ...uploadedName(basename(p), 'file', i + 1),
    bytes: readFileSync(p),
  }));
  try {
    return await readReturnFiles(format, files, options);
  } catch (error) {
    throw cliErrorOf(error);
  }
}

/**
 * Files formats refused, as the CLI's message and exit code, with the public code `POST /api/ingest`
 * answers for them: files given wrong exit 2, unreadable ones 3.
 */
function cliErrorOf(error: unknown): unknown {
  if (!(error instanceof ImportFileError)) return error;
  return new CliError(
    `${error.message}${cliHints[error.code] ?? '; nothing was imported.'}`,
    error.givenWrong ? ExitCode.usage : ExitCode.invalidInput,
    error.publicCode,
  );
}

// What the CLI tells the user to do, where it is not simply that nothing was imported.
const cliHints: Partial<Record<ImportFileError['code'], string>> = {
  unknown_format: '; pass --format csv|ndjson|annex-a|cin|ssda903.',
  mixed_formats: '; import one format at a time.',
  too_many_files: '.',
};

/**
 * The summary lines of a return: every list, element or row accounted for, and the moves outside
 * the pathway (a file that could not be read never gets here: the reader refused the return). What
 * the reader would import is called importable when nothing was written (`written` false: atomic
 * mode refused the return).
 */
export function returnLines(
  r: ReturnRead,
  outsidePathway: ReturnReadOptions['outsidePathway'],
  written: boolean,
): string[] {
  const imported = written ? 'imported' : 'importable';
  const lines: string[] = [];
  if (r.format === 'annex-a') {
    const a = r.result;
    const continued = a.continued
      ? `; ${a.continued} already in the store, continued after their last recorded event`
      : '';
    lines.push(`Annex A lists (extract date ${a.extractDate}, ${a.cases} children${continued}):`);
    for (const l of a.lists) {
      lines.push(listLine(l, imported));
      for (const x of l.rejections.slice(0, 10)) lines.push(`    row ${x.row}: ${x.reason}`);
      for (const n of l.notes.slice(0, 10)) lines.push(`    row ${n.row}: note: ${n.note}`);
    }
    return lines;
  }
  if (r.format === 'cin') {
    const { counts, elementsRead, files } = r.result.report;
    lines.push(
      `CIN census (${files.length} file${files.length === 1 ? '' : 's'}, ${r.result.cases} children): elements ${elementsRead}: ${imported} ${counts.imported}, merged ${counts.merged}, not stored ${counts.not_stored}, outside the pathway ${counts.outside_pathway}, rejected ${counts.rejected}`,
    );
    for (const l of r.result.report.lines.slice(0, 20))
      lines.push(`    ${l.file}:${l.line} ${l.element}: ${l.outcome}: ${l.reason}`);
  } else {
    const { tables, periodsOfCare } = r.result.report;
    lines.push(`SSDA903 (${r.result.cases} children, ${periodsOfCare} periods of care):`);
    const xml = r.result.elements;
    if (xml) {
      const c = xml.counts;
      lines.push(
        `  XML elements ${xml.elementsRead}: ${imported} ${c.imported}, merged ${c.merged}, not stored ${c.not_stored}, outside the pathway ${c.outside_pathway}, rejected ${c.rejected}`,
      );
      for (const l of xml.lines.slice(0, 20))
        lines.push(`    ${l.file}:${l.line} ${l.element}: ${l.outcome}: ${l.reason}`);
    }
    for (const t of tables) {
      const c = t.counts;
      lines.push(
        `  ${t.table} ${t.file}: rows ${t.rowsRead}: ${imported} ${c.imported}, merged ${c.merged}, outside the pathway ${c.outside_pathway}, rejected ${c.rejected}`,
      );
    }
    for (const l of r.result.report.lines.slice(0, 20))
      lines.push(`    ${l.file} row ${l.row} ${l.field}: ${l.outcome}: ${l.reason}`);
  }
  const outside = Object.entries(r.result.report.outsidePathway);
  const how = outsidePathway === 'flag' ? 'stored flagged' : 'rejected';
  if (outside.length > 0)
    lines.push(
      `  moves outside the pathway (${how}, not bridged): ${outside.map(([m, n]) => `${m} ${n}`).join(', ')}`,
    );
  const flaggedGaps = r.gaps.filter((g) => g.flagged).length;
  if (flaggedGaps > 0)
    lines.push(`  ${flaggedGaps} stored children continued by a move the pathway lacks (stored flagged)`);
  if (r.gaps.length > flaggedGaps)
    lines.push(
      `  ${r.gaps.length - flaggedGaps} stored children could not continue by a move of the pathway (left out)`,
    );
  return lines;
}
