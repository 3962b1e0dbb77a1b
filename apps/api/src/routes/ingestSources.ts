import type { IngestFormat, IngestUploadResponse, QualityLine, SourcePart } from '@continuum/contracts';
import {
  AnnexAError,
  type AnnexAImportOptions,
  type CanonicalEvent,
  type CinImportReport,
  annexAQualityLines,
  cinQualityLines,
  continuationGapLines,
  continueStored,
  importAnnexA,
  importCinCensus,
  importSsda903,
  importSsda903Xml,
  type OutsidePathway,
  type SniffedKind,
  type Ssda903File,
  sniffFormat,
  ssda903QualityLines,
  ssda903XmlQualityLines,
} from '@continuum/formats';
import { compile, defaultPathway } from '@continuum/machines';
import { HttpProblem } from '../http/problem.ts';
import type { UploadedFile } from './ingestForm.ts';

/** Source rows or elements accounted for, as the answer carries them. */
export type SourceReport = NonNullable<IngestUploadResponse['source']>;

/** A return read into canonical events, with every source row accounted for and its quality lines. */
export interface SourceRead {
  events: CanonicalEvent[];
  source: SourceReport;
  quality: QualityLine[];
}

/** What reading a return needs besides its files. */
export interface SourceOptions {
  extractDate?: string;
  /** A recorded move the pathway lacks: flagged (kept, no event) or its row rejected. */
  outsidePathway: OutsidePathway;
  /** Where children the store already holds stand (keyed by raw child id; ingest pseudonymises). */
  storedPositions: NonNullable<AnnexAImportOptions['storedPositions']>;
}

const NAMES: Record<SniffedKind, string> = {
  'annex-a': 'an Annex A workbook',
  cin: 'a CIN census file',
  'ssda903-episodes': 'SSDA903 episodes',
  'ssda903-header': 'an SSDA903 header',
  'ssda903-care-leavers': 'SSDA903 care leavers',
  'ssda903-xml': 'an SSDA903 XML return',
  csv: 'a canonical CSV log',
  ndjson: 'a canonical NDJSON log',
};

/** Events continued from where the store's children stand, with how many were already stored. */
type Continued = (
  events: CanonicalEvent[],
) => Promise<{ stored: number } & ReturnType<typeof continueStored>>;

const decoder = new TextDecoder();
const head = (f: UploadedFile) => decoder.decode(f.bytes.subarray(0, 4096));
const kindOf = (f: UploadedFile) => sniffFormat(`upload${f.ext}`, head(f));
const formatOfKind = (k: SniffedKind): IngestFormat =>
  k.startsWith('ssda903') ? 'ssda903' : (k as IngestFormat);

/**
 * The format of an upload: the one asked for, else the one every file is recognised as (sniffFormat).
 * Refused with 422 `unknown_format` when a file cannot be told or the files are of different kinds,
 * and `too_many_files` when a one-file format gets several.
 */
export function uploadFormat(
  files: readonly UploadedFile[],
  requested: IngestFormat | undefined,
): IngestFormat {
  let format = requested;
  if (format === undefined) {
    const kinds = files.map((f) => ({ f, kind: kindOf(f) }));
    const unknown = kinds.find((k) => k.kind === undefined);
    if (unknown) {
      throw new HttpProblem(
        422,
        'unknown_format',
        `Cannot tell what ${unknown.f.name} is from its name or content; send a format field (csv, ndjson, annex-a, cin or ssda903).`,
        'format',
      );
    }
    const formats = new Set(kinds.map((k) => formatOfKind(k.kind!)));
    if (formats.size > 1) {
      const list = kinds.map((k) => `${k.f.name} (${NAMES[k.kind!]})`).join(', ');
      throw new HttpProblem(
        422,
        'unknown_format',
        `The files are of different kinds: ${list}; upload one format at a time.`,
        'format',
      );
    }
    format = [...formats][0]!;
  }
  if (files.length > 1 && format !== 'cin' && format !== 'ssda903') {
    throw new HttpProblem(
      422,
      'too_many_files',
      `${format} imports one file at a time; ${files.length} were sent.`,
      'file',
    );
  }
  return format;
}

/** Reads an Annex A workbook, a set of CIN census files or an SSDA903 return into events. */
export async function readSource(
  format: 'annex-a' | 'cin' | 'ssda903',
  files: readonly UploadedFile[],
  options: SourceOptions,
): Promise<SourceRead> {
  if (format === 'annex-a') return readAnnexA(files[0]!, options);
  const pathway = compile(defaultPathway);
  const continued = async (events: CanonicalEvent[]) => {
    const refs = [...new Set(events.map((e) => e.case_ref))];
    const stored = await options.storedPositions(refs);
    return { stored: stored.size, ...continueStored(events, stored, pathway, options.outsidePathway) };
  };
  const pseudonymise = (id: string) => id;
  const outsidePathway = options.outsidePathway;
  if (format === 'cin') {
    const result = importCinCensus(
      files.map((f) => ({ name: f.name, xml: decoder.decode(f.bytes) })),
      { pseudonymise, pathway, outsidePathway },
    );
    return readElements(
      result.report,
      { ...result, outsidePathway: result.report.outsidePathway },
      { file: files.map((f) => f.name).join(', '), part: 'CIN census' },
      () => cinQualityLines(result.report),
      continued,
    );
  }
  const xml = files.filter((f) => f.ext.toLowerCase() === '.xml' || kindOf(f) === 'ssda903-xml');
  if (xml.length > 0) return readSsda903Xml(files, xml, { pseudonymise, pathway, outsidePathway }, continued);
  const tables: Record<'episodes' | 'header' | 'careLeavers', Ssda903File[]> = {
    episodes: [],
    header: [],
    careLeavers: [],
  };
  for (const f of files) tables[tableOf(f)].push({ name: f.name, csv: decoder.decode(f.bytes) });
  if (tables.episodes.length === 0) {
    throw new HttpProblem(
      422,
      'missing_file',
      'An SSDA903 upload needs the episodes table (a CSV with CHILD, DECOM, RNE, LS, PLACE, DEC and REC columns); the header and care leavers tables are optional.',
      'episodes',
    );
  }
  const result = importSsda903(tables, { pseudonymise, pathway, outsidePathway });
  const bad = result.report.tables.find((t) => t.problem);
  if (bad) throw unreadable(`${bad.file} (SSDA903 ${bad.table}): ${bad.problem}; nothing was stored.`);
  const parts: SourcePart[] = result.report.tables.map((t) => ({
    file: t.file,
    part: t.table,
    read: t.rowsRead,
    imported: t.counts.imported,
    merged: t.counts.merged,
    notStored: 0,
    outsidePathway: t.counts.outside_pathway,
    rejected: t.counts.rejected,
    problem: t.problem ?? null,
  }));
  const { events, gaps, stored } = await continued(result.events);
  return {
    events,
    source: {
      unit: 'rows',
      children: result.cases,
      continued: stored,
      gaps: gaps.length,
      ...sum(parts),
      parts,
      outsidePathwayMoves: result.report.outsidePathway,
    },
    quality: [...ssda903QualityLines(result.report), ...continuationGapLines(gaps)],
  };
}

/** An SSDA903 XML upload: the CSV importer's rows and periods of care, every element accounted for. */
async function readSsda903Xml(
  files: readonly UploadedFile[],
  xml: readonly UploadedFile[],
  options: Parameters<typeof importSsda903Xml>[1],
  continued: Continued,
): Promise<SourceRead> {
  if (xml.length < files.length) {
    throw new HttpProblem(
      422,
      'unknown_format',
      'An SSDA903 upload takes either the CSV tables or XML returns, not both at once.',
      'file',
    );
  }
  const result = importSsda903Xml(
    xml.map((f) => ({ name: f.name, xml: decoder.decode(f.bytes) })),
    options,
  );
  return readElements(
    result.elements,
    { ...result, outsidePathway: result.report.outsidePathway },
    { file: xml.map((f) => f.name).join(', '), part: 'SSDA903 XML' },
    () => ssda903XmlQualityLines(result),
    continued,
  );
}

/**
 * An XML return counted element by element (CIN census, SSDA903 XML): refused whole when a file
 * cannot be read, else one part holding every element, continued from the stored positions.
 */
async function readElements(
  elements: Pick<CinImportReport, 'files' | 'elementsRead' | 'counts'>,
  result: { events: CanonicalEvent[]; cases: number; outsidePathway: Record<string, number> },
  part: Pick<SourcePart, 'file' | 'part'>,
  quality: () => QualityLine[],
  continued: Continued,
): Promise<SourceRead> {
  const bad = elements.files.find((f) => f.problem);
  if (bad) throw unreadable(`${bad.file} is ${bad.problem}; nothing was stored.`);
  const { counts, elementsRead } = elements;
  const totals = {
    read: elementsRead,
    imported: counts.imported,
    merged: counts.merged,
    notStored: counts.not_stored,
    outsidePathway: counts.outside_pathway,
    rejected: counts.rejected,
  };
  const { events, gaps, stored } = await continued(result.events);
  return {
    events,
    source: {
      unit: 'elements',
      children: result.cases,
      continued: stored,
      gaps: gaps.length,
      ...totals,
      parts: [{ ...part, ...totals, problem: null }],
      outsidePathwayMoves: result.outsidePathway,
    },
    quality: [...quality(), ...continuationGapLines(gaps)],
  };
}

async function readAnnexA(file: UploadedFile, options: SourceOptions): Promise<SourceRead> {
  let result: Awaited<ReturnType<typeof importAnnexA>>;
  try {
    result = await importAnnexA(file.bytes, {
      pseudonymise: (id) => id,
      extractDate: options.extractDate,
      storedPositions: options.storedPositions,
      outsidePathway: options.outsidePathway,
    });
  } catch (error) {
    if (error instanceof AnnexAError)
      throw new HttpProblem(422, error.code, `${file.name}: ${error.message}; nothing was stored.`, 'file');
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
    events: result.events,
    source: {
      unit: 'rows',
      children: result.cases,
      continued: result.continued,
      gaps: 0,
      ...sum(parts),
      parts,
      outsidePathwayMoves,
    },
    quality: annexAQualityLines(file.name, result),
  };
}

/** Which SSDA903 table a file is: by its form field name when it says, else by its columns. */
function tableOf(f: UploadedFile): 'episodes' | 'header' | 'careLeavers' {
  const field = f.field.toLowerCase().replace(/[^a-z]/g, '');
  if (field === 'episodes' || field === 'header') return field;
  if (field === 'careleavers' || field === 'oc3') return 'careLeavers';
  const kind = kindOf(f);
  return kind === 'ssda903-header' ? 'header' : kind === 'ssda903-care-leavers' ? 'careLeavers' : 'episodes';
}

function sum(parts: readonly SourcePart[]) {
  const total = { read: 0, imported: 0, merged: 0, notStored: 0, outsidePathway: 0, rejected: 0 };
  for (const p of parts) {
    total.read += p.read;
    total.imported += p.imported;
    total.merged += p.merged;
    total.notStored += p.notStored;
    total.outsidePathway += p.outsidePathway;
    total.rejected += p.rejected;
  }
  return total;
}

const unreadable = (detail: string) => new HttpProblem(422, 'unreadable_file', detail, 'file');
