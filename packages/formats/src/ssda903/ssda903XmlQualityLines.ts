import type { QualityLine } from '../csv/qualityReportCsv.ts';
import { elementLine, unreadableFileLines } from '../csv/xmlQualityLines.ts';
import type { Ssda903XmlImportResult } from './importSsda903Xml.ts';

/**
 * The data-quality lines of an SSDA903 XML import: the unreadable files, the rows' lines (as for
 * the CSV tables, with the row's table, the row being the element's line) and the elements rejected on their own (not an
 * element of the return); elements that only share their row's rejection are not repeated.
 */
export function ssda903XmlQualityLines(result: Ssda903XmlImportResult): QualityLine[] {
  const files = unreadableFileLines(result.elements.files);
  const own = result.elements.lines.filter((l) => l.row === undefined).map(elementLine);
  // The tables share the file: each line names its own table (notes are the episodes').
  const rows = result.report.lines.map((l) => ({
    file: l.file,
    part: l.table ?? '',
    row: l.row,
    field: l.field,
    outcome: l.outcome,
    problem: l.reason,
  }));
  const notes = result.report.notes.map((n) => ({
    file: n.file,
    part: 'episodes',
    row: n.row,
    field: n.field,
    outcome: 'note' as const,
    problem: n.note,
  }));
  return [...files, ...rows, ...notes, ...own];
}
