import { compile, defaultPathway, type OutsidePathway } from '@continuum/machines';
import { type AnnexAImportOptions, type AnnexAImportResult, importAnnexA } from '../annexA/importAnnexA.ts';
import { AnnexAError } from '../annexA/readAnnexA.ts';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import { type CinImportResult, importCinCensus } from '../cinCensus/importCinCensus.ts';
import type { StoredPosition } from '../annexA/buildTimeline.ts';
import type { ContinuationGap } from '../continueCase.ts';
import {
  annexAQualityLines,
  cinQualityLines,
  continuationGapLines,
  type QualityLine,
  ssda903QualityLines,
} from '../csv/qualityReportCsv.ts';
import { sniffFormat } from '../sniffFormat.ts';
import { importSsda903, type Ssda903File, type Ssda903ImportResult } from '../ssda903/importSsda903.ts';
import { importSsda903Xml, type Ssda903XmlElementReport } from '../ssda903/importSsda903Xml.ts';
import { ssda903XmlQualityLines } from '../ssda903/ssda903XmlQualityLines.ts';
import { extOf, type ReturnFormat } from './fileHead.ts';
import { ImportFileError } from './importFileError.ts';
import { elementCounts, type SourceAccount, type SourcePart, sumParts } from './sourceAccount.ts';
import { ssda903TableOf } from './ssda903TableOf.ts';
import { isSsda903Xml, MIXED_SSDA903 } from './isSsda903Xml.ts';

export type { ReturnFormat };

/** One file of a return: the name the report gives it, its bytes, and what the sender called it. */
export interface ReturnFile {
  name: string;
  bytes: Uint8Array;
  /** An SSDA903 table named by the sender (the API's form field: `episodes`, `header`, `careLeavers`, `oc3`). */
  label?: string;
  /** The extension (`.xml`) when `name` does not show it (a name withheld as personal data). */
  ext?: string;
}

/** What reading a return needs besides its files. */
export interface ReturnReadOptions {
  /** A recorded move the pathway lacks: kept with no event, for ingest to store flagged, or its row rejected. */
  outsidePathway: OutsidePathway;
  /** Where the children the store already holds stand (keyed by raw child id: ingest pseudonymises). */
  storedPositions?: AnnexAImportOptions['storedPositions'];
  /** Annex A: the extract date (YYYY-MM-DD); open rows are censored there. */
  extractDate?: string;
}

/** A return read: its events, every source row accounted for, its quality lines, and the importer's own result. */
export type ReturnRead = {
  events: CanonicalEvent[];
  account: SourceAccount;
  quality: QualityLine[];
  /** Stored children whose later events could not follow on by a move of the pathway (CIN, SSDA903). */
  gaps: ContinuationGap[];
} & (
  | { format: 'annex-a'; result: AnnexAImportResult }
  | { format: 'cin'; result: CinImportResult }
  | {
      format: 'ssda903';
      /** With `elements` when the return was the XML variant (every element accounted for). */
      result: Ssda903ImportResult & { elements?: Ssda903XmlElementReport };
    }
);

const decoder = new TextDecoder();
const textOf = (f: ReturnFile) => decoder.decode(f.bytes);
const xmlOf = (files: readonly ReturnFile[]) => files.map((f) => ({ name: f.name, xml: textOf(f) }));
const headOf = (f: ReturnFile) => decoder.decode(f.bytes.subarray(0, 4096));
const kindOf = (f: ReturnFile) => sniffFormat(`file${extOf(f)}`, headOf(f));

/**
 * Reads an Annex A workbook, CIN census years or an SSDA903 return (CSV tables or XML) into
 * canonical events with raw child ids (ingest pseudonymises them), continuing the children the
 * store already holds from their stored stage, so reading the same files again adds nothing. The
 * one reader of `continuum import` and `POST /api/ingest`: both take the same files and account
 * for every source row the same way. Throws ImportFileError when the files cannot be read as the
 * format at all (nothing of them is to be imported).
 * @example const read = await readReturnFiles('cin', [{ name: 'cin-2024.xml', bytes }], { outsidePathway: 'flag' });
 */
export async function readReturnFiles(
  format: ReturnFormat,
  files: readonly ReturnFile[],
  options: ReturnReadOptions,
): Promise<ReturnRead> {
  if (files.length === 0) throw new ImportFileError('missing_file', 'No file was given');
  if (format === 'annex-a') return readAnnexA(files, options);
  const pathway = compile(defaultPathway);
  const importOptions = { pseudonymise: (id: string) => id, pathway, outsidePathway: options.outsidePathway };
  /**
   * Imports, then again from where the store's children stand when it holds any of them (the
   * importer accounts for every row behind what the store already has; a first import reads once).
   */
  const continued = async <R extends { events: CanonicalEvent[] }>(
    importWith: (stored?: ReadonlyMap<string, StoredPosition>) => R,
  ): Promise<R> => {
    const result = importWith();
    if (!options.storedPositions) return result;
    const stored = await options.storedPositions([...new Set(result.events.map((e) => e.case_ref))]);
    return stored.size > 0 ? importWith(stored) : result;
  };
  if (format === 'cin') {
    const xml = xmlOf(files);
    const result = await continued((stored) => {
      const read = importCinCensus(xml, { ...importOptions, stored });
      refuseUnreadable(read.report.files);
      return read;
    });
    return {
      format,
      result,
      events: result.events,
      gaps: result.gaps,
      account: elementAccount(result.report, 'CIN census', files, result),
      quality: [...cinQualityLines(result.report), ...continuationGapLines(result.gaps)],
    };
  }
  const xml = files.filter((f) => isSsda903Xml({ name: f.name, ext: f.ext, head: headOf(f) }));
  if (xml.length > 0) {
    if (xml.length < files.length) throw new ImportFileError('mixed_files', MIXED_SSDA903);
    const texts = xmlOf(files);
    const result = await continued((stored) => {
      const read = importSsda903Xml(texts, { ...importOptions, stored });
      refuseUnreadable(read.elements.files);
      return read;
    });
    return {
      format,
      result,
      events: result.events,
      gaps: result.gaps,
      account: elementAccount(result.elements, 'SSDA903 XML', files, result),
      quality: [...ssda903XmlQualityLines(result), ...continuationGapLines(result.gaps)],
    };
  }
  const tables: Record<'episodes' | 'header' | 'careLeavers', Ssda903File[]> = {
    episodes: [],
    header: [],
    careLeavers: [],
  };
  for (const f of files)
    tables[ssda903TableOf(f.label, f.name, kindOf(f))].push({ name: f.name, csv: textOf(f) });
  if (tables.episodes.length === 0)
    throw new ImportFileError(
      'missing_file',
      'An SSDA903 import needs the episodes table (a CSV with CHILD, DECOM, RNE, LS, PLACE, DEC and REC columns; the header and care leavers tables are optional)',
    );
  const result = await continued((stored) => {
    const read = importSsda903(tables, { ...importOptions, stored });
    const bad = read.report.tables.find((t) => t.problem);
    if (bad)
      throw new ImportFileError('unreadable_file', `${bad.file} (SSDA903 ${bad.table}): ${bad.problem}`);
    return read;
  });
  const parts: SourcePart[] = result.report.tables.map((t) => ({
    file: t.file,
    part: t.table,
    read: t.rowsRead,
    imported: t.counts.imported,
    merged: t.counts.merged,
    notStored: 0,
    outsidePathway: t.counts.outside_pathway,
    rejected: t.counts.rejected,
    // A table with a problem was refused above.
    problem: null,
  }));
  return {
    format,
    result,
    events: result.events,
    gaps: result.gaps,
    account: {
      unit: 'rows',
      children: result.cases,
      continued: result.continued,
      gaps: result.gaps.length,
      ...sumParts(parts),
      parts,
      outsidePathwayMoves: result.report.outsidePathway,
    },
    quality: [...ssda903QualityLines(result.report), ...continuationGapLines(result.gaps)],
  };
}

/** A file of an XML return that cannot be read at all refuses the whole return. */
function refuseUnreadable(files: readonly { file: string; problem?: string }[]): void {
  const bad = files.find((f) => f.problem);
  if (bad) throw new ImportFileError('unreadable_file', `${bad.file} is ${bad.problem}`);
}

/** The account of an XML return counted element by element: one part holding every element. */
function elementAccount(
  report: Parameters<typeof elementCounts>[0],
  part: string,
  files: readonly ReturnFile[],
  result: {
    cases: number;
    continued: number;
    gaps: readonly ContinuationGap[];
    report: { outsidePathway: Record<string, number> };
  },
): SourceAccount {
  const totals = elementCounts(report);
  return {
    unit: 'elements',
    children: result.cases,
    continued: result.continued,
    gaps: result.gaps.length,
    ...totals,
    parts: [{ file: files.map((f) => f.name).join(', '), part, ...totals, problem: null }],
    outsidePathwayMoves: result.report.outsidePathway,
  };
}

async function readAnnexA(files: readonly ReturnFile[], options: ReturnReadOptions): Promise<ReturnRead> {
  if (files.length > 1)
    throw new ImportFileError(
      'too_many_files',
      `An Annex A workbook is imported on its own; ${files.length} files were given`,
    );
  const file = files[0]!;
  let result: AnnexAImportResult;
  try {
    result = await importAnnexA(file.bytes, {
      pseudonymise: (id) => id,
      extractDate: options.extractDate,
      storedPositions: options.storedPositions,
      outsidePathway: options.outsidePathway,
    });
  } catch (error) {
    if (error instanceof AnnexAError) throw new ImportFileError(error.code, `${file.name}: ${error.message}`);
    throw error;
  }
  const parts: SourcePart[] = result.lists.map((l) => ({
    file: file.name,
    part: `List ${l.list} ${l.title}${l.sheet ? ` [${l.sheet}]` : ''}`,
    read: l.rowsRead,
    imported: l.imported,
    merged: l.merged,
    notStored: 0,
    outsidePathway: l.outsidePathway,
    rejected: l.rejected,
    problem: l.problem ?? null,
  }));
  const outsidePathwayMoves: Record<string, number> = {};
  for (const m of result.lists.flatMap((l) => l.outsideMoves)) {
    const key = `${m.from} -> ${m.to}`;
    outsidePathwayMoves[key] = (outsidePathwayMoves[key] ?? 0) + 1;
  }
  return {
    format: 'annex-a',
    result,
    events: result.events,
    gaps: [],
    account: {
      unit: 'rows',
      children: result.cases,
      continued: result.continued,
      gaps: 0,
      ...sumParts(parts),
      parts,
      outsidePathwayMoves,
    },
    quality: annexAQualityLines(file.name, result),
  };
}
