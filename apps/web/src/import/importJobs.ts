import {
  type ImportJob,
  type ImportJobList,
  type ImportJobSummary,
  UPLOAD_STALLED_MS,
} from '@continuum/contracts';
import { api } from '../api/client.ts';

/** How many recent imports the Import page lists. */
export const LISTED = 10;

/** How often the page reads an import again while it is under way, ms. */
export const IMPORT_POLL_MS = 1500;

/** The most recent imports (queued with `POST /api/imports`, by anyone), newest first. */
export async function listImports(signal?: AbortSignal): Promise<ImportJobSummary[]> {
  return (await api<ImportJobList>(`/api/imports?limit=${LISTED}`, { signal })).imports;
}

/** One import, with its report once done. */
export function getImport(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return api<ImportJob>(`/api/imports/${encodeURIComponent(id)}`, { signal });
}

/**
 * Whether an import's upload was cut off: still `receiving` long after its last change (the server
 * taking it stopped mid-upload), by the browser's clock, before a worker has failed it.
 */
export function uploadInterrupted(job: Pick<ImportJobSummary, 'status' | 'updatedAt'>): boolean {
  return job.status === 'receiving' && Date.now() - Date.parse(job.updatedAt) > UPLOAD_STALLED_MS;
}

/**
 * Whether an import may still change, so the page reads it again: its upload coming in (unless cut
 * off), waiting for a worker, or ingesting.
 */
export function importUnderWay(job: Pick<ImportJobSummary, 'status' | 'updatedAt'>): boolean {
  if (job.status === 'receiving') return !uploadInterrupted(job);
  return job.status === 'queued' || job.status === 'running';
}

/** An import's status in words (done but refused: nothing stored; an upload cut off: interrupted). */
export function importStatusLabel(job: Pick<ImportJobSummary, 'status' | 'counts' | 'updatedAt'>): string {
  switch (job.status) {
    case 'receiving':
      return uploadInterrupted(job) ? 'Upload interrupted' : 'Receiving';
    case 'queued':
      return 'Queued';
    case 'running':
      return 'Importing';
    case 'failed':
      return 'Failed';
    default:
      return job.counts?.committed === false ? 'Nothing stored' : 'Done';
  }
}

const FORMAT_NAMES: Record<NonNullable<ImportJobSummary['format']>, string> = {
  cin: 'CIN census',
  ssda903: 'SSDA903',
  'annex-a': 'Annex A',
  csv: 'CSV log',
  ndjson: 'NDJSON log',
};

/** An import's format in a word or two ('-' while its files are still coming in). */
export const importFormatName = (format: ImportJobSummary['format']): string =>
  format === null ? '-' : FORMAT_NAMES[format];
