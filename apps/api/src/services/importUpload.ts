import type { IngestFormat, IngestSummary, IngestUploadResponse, QualityLine } from '@continuum/contracts';
import {
  eventRows,
  type OutsidePathway,
  qualityReportCsv,
  type ReturnRead,
  rejectedRowLines,
} from '@continuum/formats';
import {
  csvBatches,
  type IngestReport,
  ingestEvents,
  ndjsonBatches,
  type Store,
  storedPositions,
} from '@continuum/store';
import { readSource, type UploadedFile, uploadFormat } from './ingestSources.ts';
import { UploadRefusedError } from './UploadRefusedError.ts';

/** The most quality lines the JSON answer lists (the CSV holds them all). */
const LISTED_QUALITY_LINES = 1000;

/** The options of an upload, from its form fields or the query (the form wins). */
export interface UploadOptions {
  format?: IngestFormat;
  mode: 'atomic' | 'partial';
  extractDate?: string;
  pathwayId?: string;
  /** A recorded move the pathway lacks: flag (default for the returns and Annex A) or reject (default for a log). */
  outsidePathway?: OutsidePathway;
}

/** What an upload did: the answer, and whether anything was refused (atomic: nothing stored). */
export interface UploadOutcome {
  response: IngestUploadResponse;
  refused: boolean;
}

/**
 * What an upload is, checked before any file is read: there are files, their format (told by
 * formats' one rule, or the one asked for), options that apply to it, and what a move the pathway
 * lacks does. POST /api/imports checks a queued upload by this too, refusing what POST /api/ingest
 * refuses before anything is queued. Files need only their first 4 kB here. Refused with an
 * UploadRefusedError (`missing_file`, `unknown_format`, `too_many_files`, `invalid_value`).
 */
export function uploadPlan(
  files: readonly UploadedFile[],
  options: UploadOptions,
): { format: IngestFormat; outsidePathway: OutsidePathway } {
  if (files.length === 0)
    throw new UploadRefusedError(
      'missing_file',
      'No file was sent: add one or more files to the form (CIN census years, or the SSDA903 episodes with its header).',
      'file',
    );
  const empty = files.find((f) => f.bytes.byteLength === 0);
  if (empty)
    throw new UploadRefusedError('unreadable_file', `${empty.name} is empty; nothing was stored.`, 'file');
  const format = uploadFormat(files, options.format);
  if (options.extractDate !== undefined && format !== 'annex-a')
    throw new UploadRefusedError(
      'invalid_value',
      'extractDate applies to Annex A workbooks only.',
      'extractDate',
    );
  const outsidePathway =
    options.outsidePathway ?? (format === 'csv' || format === 'ndjson' ? 'reject' : 'flag');
  return { format, outsidePathway };
}

/**
 * Imports an upload of any format, for POST /api/ingest and the import worker alike: a canonical
 * log goes to ingest as it stands; an Annex A workbook, CIN census files or an SSDA903 return are
 * read into events first (children the store holds continue from their stored stage). In atomic
 * mode a rejected source row stores nothing (ingest is not called); the answer accounts for every
 * source row and every event either way. Files it cannot take are refused (UploadRefusedError).
 */
export async function importUpload(
  store: Store,
  hmacKey: Buffer,
  files: readonly UploadedFile[],
  options: UploadOptions,
): Promise<UploadOutcome> {
  const { format, outsidePathway } = uploadPlan(files, options);
  const names = files.map((f) => f.name);
  if (format === 'csv' || format === 'ndjson') {
    const bytes = oneStream(files[0]!);
    const report = await ingestEvents(store, format === 'csv' ? csvBatches(bytes) : ndjsonBatches(bytes), {
      mode: options.mode,
      hmacKey,
      pathwayId: options.pathwayId,
      outsidePathway,
    });
    return answer(
      format,
      names,
      options.mode,
      outsidePathway,
      null,
      report,
      rejectedRowLines(names[0]!, report.rejected),
    );
  }
  const read = await readSource(format, files, {
    extractDate: options.extractDate,
    storedPositions: storedPositions(store, hmacKey),
    outsidePathway,
  });
  if (refusedBeforeIngest(options.mode, read)) {
    return answer(format, names, options.mode, outsidePathway, read, null, read.quality, read.events.length);
  }
  const report = await ingestEvents(store, eventRows(read.events, format === 'annex-a' ? 'annexa' : format), {
    mode: options.mode,
    hmacKey,
    pathwayId: options.pathwayId,
    outsidePathway,
  });
  return answer(format, names, options.mode, outsidePathway, read, report, [
    ...read.quality,
    ...rejectedRowLines(names.join(', '), report.rejected),
  ]);
}

function answer(
  format: IngestFormat,
  files: string[],
  mode: 'atomic' | 'partial',
  outsidePathway: OutsidePathway,
  read: ReturnRead | null,
  ingest: IngestReport | null,
  quality: QualityLine[],
  unsentEvents = 0,
): UploadOutcome {
  const events = ingest ? eventSummary(ingest) : unsentSummary(unsentEvents);
  const committed = ingest?.committed ?? false;
  return {
    refused: !committed,
    response: {
      format,
      files,
      mode,
      outsidePathway,
      committed,
      source: read?.account ?? null,
      events,
      ingest: ingest ? { ...ingest, rejected: ingest.rejected.map((r) => ({ ...r })) } : null,
      quality: {
        total: quality.length,
        lines: quality.slice(0, LISTED_QUALITY_LINES),
        csv: qualityReportCsv(quality),
      },
    },
  };
}

/**
 * Whether a return is refused before ingest: in atomic mode a rejected source row stores nothing,
 * so its events are never sent (`continuum import` and POST /api/ingest alike).
 */
export function refusedBeforeIngest(mode: 'atomic' | 'partial', read: ReturnRead): boolean {
  return mode === 'atomic' && read.account.rejected > 0;
}

/** The events of a return refused before ingest: every one dropped with it, none written. */
export function unsentSummary(events: number): IngestSummary {
  return { rows: events, imported: 0, skipped: 0, rejected: events, refused: 0, dropped: events };
}

/** The store's report as a person checks the events: rows = imported + skipped + rejected (refused + dropped). */
export function eventSummary(ingest: IngestReport): IngestSummary {
  return {
    rows: ingest.rows,
    imported: ingest.acceptedRows,
    skipped: ingest.duplicateRows,
    rejected: ingest.rejectedRows + ingest.discardedRows,
    refused: ingest.rejectedRows,
    dropped: ingest.discardedRows,
  };
}

async function* oneStream(file: UploadedFile): AsyncGenerator<Uint8Array> {
  yield file.bytes;
}
