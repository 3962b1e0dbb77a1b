import type { ElementOutcome } from '../cinCensus/cinTypes.ts';
import { importSsda903, type Ssda903ImportOptions, type Ssda903ImportResult } from './importSsda903.ts';
import { readSsda903Xml, type Ssda903XmlFile } from './readSsda903Xml.ts';

/** One element of the XML not imported as it stood (rejected or outside the pathway), and why. */
export interface Ssda903XmlReportLine {
  file: string;
  line: number;
  element: string;
  outcome: Exclude<ElementOutcome, 'imported' | 'merged' | 'not_stored'>;
  reason: string;
  /** The row (element line) whose outcome this element took, when it fed one. */
  row?: number;
}

/** Every data element of the XML counted once: elementsRead = the sum of counts. */
export interface Ssda903XmlElementReport {
  files: { file: string; problem?: string }[];
  elementsRead: number;
  counts: Record<ElementOutcome, number>;
  lines: Ssda903XmlReportLine[];
}

/** The CSV importer's result (tables, periods of care, rows), with the XML's element report. */
export interface Ssda903XmlImportResult extends Ssda903ImportResult {
  elements: Ssda903XmlElementReport;
}

/**
 * Imports SSDA903 XML returns through the CSV importer's row path: the XML is read into the same
 * header, episodes and care leaver rows (readSsda903Xml), so periods of care, codes, moves outside
 * the pathway and the row report are the CSV importer's. Each data element then takes the outcome
 * of the row it fed (imported, merged, outside the pathway or rejected), or its own (not stored,
 * or rejected when the return has no such element).
 * @example const { events, elements } = importSsda903Xml([{ name: '903.xml', xml }], { pseudonymise });
 */
export function importSsda903Xml(
  files: readonly Ssda903XmlFile[],
  options: Ssda903ImportOptions,
): Ssda903XmlImportResult {
  const read = readSsda903Xml(files);
  const result = importSsda903(
    { episodes: read.episodes, header: read.header, careLeavers: read.careLeavers },
    options,
  );
  const counts: Record<ElementOutcome, number> = {
    imported: 0,
    merged: 0,
    not_stored: 0,
    outside_pathway: 0,
    rejected: 0,
  };
  const lines: Ssda903XmlReportLine[] = [];
  for (const el of read.elements) {
    // An element nothing claimed would be a bug in the reader: reported, never lost.
    const outcome = el.outcome ?? el.record?.outcome ?? 'rejected';
    const reason = el.reason ?? el.record?.reason ?? (el.record?.outcome ? '' : 'not read by the importer');
    counts[outcome]++;
    if (outcome === 'rejected' || outcome === 'outside_pathway') {
      const line: Ssda903XmlReportLine = {
        file: el.file,
        line: el.line,
        element: el.element,
        outcome,
        reason,
      };
      if (el.outcome === undefined && el.record) line.row = el.record.row;
      lines.push(line);
    }
  }
  return {
    ...result,
    elements: {
      files: files.map((f) => {
        const problem = read.fileProblems.find((p) => p.file === f.name)?.problem;
        return problem ? { file: f.name, problem } : { file: f.name };
      }),
      elementsRead: read.elements.length,
      counts,
      lines,
    },
  };
}
