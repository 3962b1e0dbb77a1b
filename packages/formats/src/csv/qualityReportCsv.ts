import type { AnnexAImportResult } from '../annexA/importAnnexA.ts';
import type { CinImportReport } from '../cinCensus/importCinCensus.ts';
import type { ContinuationGap } from '../continueCase.ts';
import type { Ssda903ImportReport } from '../ssda903/importSsda903.ts';
import { csvLine } from './writeCsv.ts';
import { elementLine, unreadableFileLines } from './xmlQualityLines.ts';

/** The columns of the downloadable data-quality report, the same for every format. */
export const QUALITY_COLUMNS = ['file', 'part', 'row', 'field', 'outcome', 'problem'] as const;

/** One line of the data-quality report: where in the source, and what became of it. */
export interface QualityLine {
  file: string;
  /** The list or sheet (Annex A), the table (SSDA903) or the element path (CIN). */
  part: string;
  /** The sheet or CSV row, or the XML line. */
  row: number | '';
  field: string;
  outcome: 'rejected' | 'outside_pathway' | 'merged' | 'note';
  problem: string;
}

/** The report lines of an Annex A import: rejections, moves outside the pathway and notes. */
export function annexAQualityLines(file: string, result: AnnexAImportResult): QualityLine[] {
  return result.lists.flatMap((l) => {
    const part = `List ${l.list} ${l.title}${l.sheet ? ` [${l.sheet}]` : ''}`;
    const lines: QualityLine[] = [];
    if (l.problem) lines.push({ file, part, row: '', field: '', outcome: 'rejected', problem: l.problem });
    for (const r of l.rejections)
      lines.push({ file, part, row: r.row, field: '', outcome: 'rejected', problem: r.reason });
    for (const m of l.outsideMoves) {
      // With `reject`, the row's rejection (listed above) already gives this reason.
      if (l.rejections.some((r) => r.row === m.row && r.reason.startsWith('the pathway has no move')))
        continue;
      const problem = `the pathway has no move from ${m.from} to ${m.to} (${m.at}); stored flagged outside the pathway, not bridged`;
      lines.push({ file, part, row: m.row ?? '', field: '', outcome: 'outside_pathway', problem });
    }
    for (const n of l.notes)
      lines.push({ file, part, row: n.row, field: '', outcome: 'note', problem: n.note });
    return lines;
  });
}

/** The report lines of a CIN census import (rejected and outside-the-pathway elements). */
export function cinQualityLines(report: CinImportReport): QualityLine[] {
  return [...unreadableFileLines(report.files), ...report.lines.map(elementLine)];
}

/** The report lines of an SSDA903 import (tables that could not be read, rows not imported as they stood, notes). */
export function ssda903QualityLines(report: Ssda903ImportReport): QualityLine[] {
  const tables = report.tables.flatMap((t) =>
    t.problem
      ? [
          {
            file: t.file,
            part: t.table,
            row: '' as const,
            field: '',
            outcome: 'rejected' as const,
            problem: t.problem,
          },
        ]
      : [],
  );
  // Each line names its row's table (the tables of an XML return share one file); notes are the episodes'.
  return [
    ...tables,
    ...report.lines.map((l) => ({
      file: l.file,
      part: l.table ?? '',
      row: l.row,
      field: l.field,
      outcome: l.outcome,
      problem: l.reason,
    })),
    ...report.notes.map((n) => ({
      file: n.file,
      part: 'episodes',
      row: n.row,
      field: n.field,
      outcome: 'note' as const,
      problem: n.note,
    })),
  ];
}

/**
 * The report lines of the rows or events the store refused at ingest (`part` "events": for a
 * return, the row is the event's number in the import, for a canonical log the line). The store's
 * messages name the field and the reason, never the refused value.
 */
export function rejectedRowLines(
  file: string,
  rejected: readonly { row: number; code: string; field?: string; message: string }[],
): QualityLine[] {
  return rejected.map((r) => ({
    file,
    part: 'events',
    row: r.row,
    field: r.field ?? '',
    outcome: 'rejected',
    problem: `${r.code}: ${r.message}`,
  }));
}

/**
 * The report lines of children already stored whose later events cannot follow on by a move of the
 * pathway: kept and flagged outside the pathway, or left out (never bridged).
 */
export function continuationGapLines(gaps: readonly ContinuationGap[]): QualityLine[] {
  return gaps.map((g) => ({
    file: '',
    part: 'stored cases',
    row: '',
    field: '',
    outcome: 'outside_pathway',
    problem:
      'flagged' in g && g.flagged
        ? `a child already stored at ${g.from} moves to ${g.to} (${g.at}) by a move the pathway lacks; stored flagged outside the pathway, not bridged`
        : `a child already stored at ${g.from} cannot continue to ${g.to} (${g.at}) by a move of the pathway; ${g.dropped} later event(s) left out, not bridged`,
  }));
}

/** The data-quality report as CSV (file, part, row, field, outcome, problem), for download. */
export function qualityReportCsv(lines: readonly QualityLine[]): string {
  return csvLine(QUALITY_COLUMNS) + lines.map((l) => csvLine(QUALITY_COLUMNS.map((c) => l[c]))).join('');
}
