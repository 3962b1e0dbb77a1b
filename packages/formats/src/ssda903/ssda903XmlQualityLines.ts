import { type QualityLine, ssda903QualityLines } from '../csv/qualityReportCsv.ts';
import { elementLine, unreadableFileLines } from '../csv/xmlQualityLines.ts';
import type { Ssda903XmlImportResult } from './importSsda903Xml.ts';

/**
 * The data-quality lines of an SSDA903 XML import: the unreadable files, the rows' lines (those of
 * the CSV tables, ssda903QualityLines, the row being the element's line) and the elements rejected
 * on their own (not an element of the return); elements that only share their row's rejection are
 * not repeated.
 */
export function ssda903XmlQualityLines(result: Ssda903XmlImportResult): QualityLine[] {
  const own = result.elements.lines.filter((l) => l.row === undefined).map(elementLine);
  return [...unreadableFileLines(result.elements.files), ...ssda903QualityLines(result.report), ...own];
}
