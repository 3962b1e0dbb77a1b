import type { IngestFormat } from '@continuum/contracts';

/** The format a user picks: one of the API's, or `auto` (recognised from the files). */
export type FormatChoice = IngestFormat | 'auto';

/** The formats in the picker, in order, with what each expects. */
export const FORMAT_CHOICES: readonly { value: FormatChoice; label: string; accept: string }[] = [
  { value: 'auto', label: 'Recognise from the files', accept: '.xlsx,.xml,.csv,.ndjson,.jsonl' },
  { value: 'cin', label: 'CIN census (XML, one file a year)', accept: '.xml' },
  { value: 'ssda903', label: 'SSDA903 return (episodes and header CSV)', accept: '.csv' },
  { value: 'annex-a', label: 'Ofsted Annex A workbook (.xlsx)', accept: '.xlsx,.xlsm' },
  { value: 'csv', label: 'Canonical event log (CSV)', accept: '.csv' },
  { value: 'ndjson', label: 'Canonical event log (NDJSON)', accept: '.ndjson,.jsonl' },
];

/** The files chosen, by the form field they go in (SSDA903 tables each have their own). */
export interface ChosenFiles {
  file: File[];
  episodes: File[];
  header: File[];
  careLeavers: File[];
}

/** Nothing chosen yet. */
export const NO_FILES: ChosenFiles = { file: [], episodes: [], header: [], careLeavers: [] };

/** What the form sends besides the files. */
export interface ImportOptions {
  format: FormatChoice;
  mode: 'atomic' | 'partial';
  extractDate: string;
  /** A recorded move the pathway lacks: flagged or rejected; undefined leaves the format's default. */
  outsidePathway?: 'flag' | 'reject';
}

/** The server's default for a move the pathway lacks: flag for the returns and Annex A, reject for a log. */
export function defaultOutsidePathway(format: FormatChoice): 'flag' | 'reject' | undefined {
  if (format === 'auto') return undefined;
  return format === 'csv' || format === 'ndjson' ? 'reject' : 'flag';
}

/** Why the upload cannot be sent yet (shown beside the button), or undefined when it can. */
export function missingChoice(options: ImportOptions, files: ChosenFiles): string | undefined {
  if (options.format === 'ssda903') {
    if (files.episodes.length === 0) return 'Choose the episodes table (one file per year is fine).';
    return undefined;
  }
  if (files.file.length === 0)
    return options.format === 'cin' ? 'Choose one or more census files.' : 'Choose a file to import.';
  if (files.file.length > 1 && options.format !== 'cin' && options.format !== 'auto')
    return 'This format imports one file at a time.';
  return undefined;
}

/** The multipart form `POST /api/ingest` reads: files in their fields, then the options. */
export function ingestFormData(options: ImportOptions, files: ChosenFiles): FormData {
  const form = new FormData();
  if (options.format !== 'auto') form.append('format', options.format);
  form.append('mode', options.mode);
  if (options.outsidePathway !== undefined) form.append('outsidePathway', options.outsidePathway);
  if (options.extractDate !== '' && (options.format === 'annex-a' || options.format === 'auto'))
    form.append('extractDate', options.extractDate);
  const fields =
    options.format === 'ssda903' ? (['episodes', 'header', 'careLeavers'] as const) : (['file'] as const);
  for (const field of fields) for (const f of files[field]) form.append(field, f, f.name);
  return form;
}
