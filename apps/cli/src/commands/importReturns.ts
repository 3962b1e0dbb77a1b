import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compile, defaultPathway } from '@continuum/machines';
import {
  type AnnexAImportOptions,
  type CanonicalEvent,
  type CinImportResult,
  type ContinuationGap,
  continueStored,
  importCinCensus,
  importSsda903,
  importSsda903Xml,
  type OutsidePathway,
  type Ssda903File,
  type Ssda903ImportResult,
  type Ssda903XmlElementReport,
  sniffFormat,
} from '@continuum/formats';
import { CliError, ExitCode } from '../exitCodes.ts';

/** A statutory return read into events (CIN census or SSDA903), before ingest. */
export type ReturnRead =
  | {
      kind: 'cin';
      events: CanonicalEvent[];
      result: CinImportResult;
      gaps: number;
      gapList: ContinuationGap[];
      /** What was done with recorded moves the pathway lacks. */
      outsidePathway: OutsidePathway;
    }
  | {
      kind: 'ssda903';
      events: CanonicalEvent[];
      /** With `elements` when the return was the XML variant (every element accounted for). */
      result: Ssda903ImportResult & { elements?: Ssda903XmlElementReport };
      gaps: number;
      gapList: ContinuationGap[];
      /** What was done with recorded moves the pathway lacks. */
      outsidePathway: OutsidePathway;
    };

/**
 * Reads CIN census files or SSDA903 tables with raw child ids (ingest pseudonymises them), then
 * continues the children the store already holds from their stored stage (a later census or return):
 * re-importing adds nothing. A recorded move the pathway lacks (in the return, or from a stored
 * child's stage) is kept with no event for ingest to flag (`flag`) or rejected (`reject`), never
 * bridged.
 */
export async function readReturn(
  format: 'cin' | 'ssda903',
  files: readonly string[],
  positions: AnnexAImportOptions['storedPositions'],
  outsidePathway: OutsidePathway = 'flag',
): Promise<ReturnRead> {
  const options = { pseudonymise: (id: string) => id, outsidePathway };
  const continued = async (events: CanonicalEvent[]) => {
    const stored = (await positions?.([...new Set(events.map((e) => e.case_ref))])) ?? new Map();
    return continueStored(events, stored, compile(defaultPathway), outsidePathway);
  };
  if (format === 'cin') {
    const result = importCinCensus(
      files.map((f) => ({ name: basename(f), xml: readFileSync(f, 'utf8') })),
      options,
    );
    const { events, gaps } = await continued(result.events);
    return { kind: 'cin', events, result, gaps: gaps.length, gapList: gaps, outsidePathway };
  }
  const tables: Record<'episodes' | 'header' | 'careLeavers', Ssda903File[]> = {
    episodes: [],
    header: [],
    careLeavers: [],
  };
  const xml: { name: string; xml: string }[] = [];
  for (const f of files) {
    const csv = readFileSync(f, 'utf8');
    const kind = sniffFormat(f, csv.slice(0, 4096));
    if (kind === 'ssda903-xml' || /\.xml$/i.test(f)) {
      xml.push({ name: basename(f), xml: csv });
      continue;
    }
    const table =
      kind === 'ssda903-header' ? 'header' : kind === 'ssda903-care-leavers' ? 'careLeavers' : 'episodes';
    tables[table].push({ name: basename(f), csv });
  }
  if (xml.length > 0 && xml.length < files.length)
    throw new CliError(
      'An SSDA903 import takes either the CSV tables or XML returns, not both at once.',
      ExitCode.usage,
      'bad_option',
    );
  const result: Ssda903ImportResult & { elements?: Ssda903XmlElementReport } =
    xml.length > 0 ? importSsda903Xml(xml, options) : importSsda903(tables, options);
  const unreadable = result.elements?.files.find((f) => f.problem);
  if (unreadable)
    throw new CliError(
      `${unreadable.file} is ${unreadable.problem}; nothing was imported.`,
      ExitCode.invalidInput,
      'unreadable_file',
    );
  const { events, gaps } = await continued(result.events);
  return { kind: 'ssda903', events, result, gaps: gaps.length, gapList: gaps, outsidePathway };
}

/** Rejected source elements or rows of a return (the CLI exits 'partial' when there are any). */
export function returnRejects(r: ReturnRead): number {
  if (r.kind === 'cin') return r.result.report.counts.rejected;
  if (r.result.elements) return r.result.elements.counts.rejected;
  return r.result.report.tables.reduce((n, t) => n + t.counts.rejected, 0);
}

/** The summary lines of a return: every element or row accounted for, and the moves outside the pathway. */
export function returnLines(r: ReturnRead): string[] {
  const lines: string[] = [];
  if (r.kind === 'cin') {
    const { counts, elementsRead, files } = r.result.report;
    lines.push(
      `CIN census (${files.length} file${files.length === 1 ? '' : 's'}, ${r.result.cases} children): elements ${elementsRead}: imported ${counts.imported}, merged ${counts.merged}, not stored ${counts.not_stored}, outside the pathway ${counts.outside_pathway}, rejected ${counts.rejected}`,
    );
    for (const f of files) if (f.problem) lines.push(`  ${f.file}: ${f.problem}`);
    for (const l of r.result.report.lines.slice(0, 20))
      lines.push(`    ${l.file}:${l.line} ${l.element}: ${l.outcome}: ${l.reason}`);
  } else {
    const { tables, periodsOfCare } = r.result.report;
    lines.push(`SSDA903 (${r.result.cases} children, ${periodsOfCare} periods of care):`);
    const xml = r.result.elements;
    if (xml) {
      const c = xml.counts;
      lines.push(
        `  XML elements ${xml.elementsRead}: imported ${c.imported}, merged ${c.merged}, not stored ${c.not_stored}, outside the pathway ${c.outside_pathway}, rejected ${c.rejected}`,
      );
      for (const f of xml.files) if (f.problem) lines.push(`  ${f.file}: ${f.problem}`);
      for (const l of xml.lines.slice(0, 20))
        lines.push(`    ${l.file}:${l.line} ${l.element}: ${l.outcome}: ${l.reason}`);
    }
    for (const t of tables) {
      const c = t.counts;
      lines.push(
        `  ${t.table} ${t.file}: rows ${t.rowsRead}: imported ${c.imported}, merged ${c.merged}, outside the pathway ${c.outside_pathway}, rejected ${c.rejected}${t.problem ? ` - ${t.problem}` : ''}`,
      );
    }
    for (const l of r.result.report.lines.slice(0, 20))
      lines.push(`    ${l.file} row ${l.row} ${l.field}: ${l.outcome}: ${l.reason}`);
  }
  const outside = Object.entries(r.result.report.outsidePathway);
  const how = r.outsidePathway === 'flag' ? 'stored flagged' : 'rejected';
  if (outside.length > 0)
    lines.push(
      `  moves outside the pathway (${how}, not bridged): ${outside.map(([m, n]) => `${m} ${n}`).join(', ')}`,
    );
  const flaggedGaps = r.gapList.filter((g) => g.flagged).length;
  if (flaggedGaps > 0)
    lines.push(`  ${flaggedGaps} stored children continued by a move the pathway lacks (stored flagged)`);
  if (r.gaps > flaggedGaps)
    lines.push(
      `  ${r.gaps - flaggedGaps} stored children could not continue by a move of the pathway (left out)`,
    );
  return lines;
}
