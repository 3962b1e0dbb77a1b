import type { IngestFormat } from '@continuum/contracts';
import {
  ImportFileError,
  importFormatOf,
  type ReturnFormat,
  type ReturnRead,
  type ReturnReadOptions,
  readReturnFiles,
} from '@continuum/formats';
import { UploadRefusedError } from './UploadRefusedError.ts';

/** One uploaded file: the form field it came in, its name and its bytes. */
export interface UploadedFile {
  field: string;
  /** The name the report uses (withheld when it looks like personal data). */
  name: string;
  /** The file's extension with its dot (`.xml`), or '' (to tell the kind). */
  ext: string;
  bytes: Uint8Array;
}

const decoder = new TextDecoder();

/**
 * The format of an upload by formats' one rule (importFormatOf, as `continuum import` tells it): the
 * one asked for, else the one every file is recognised as (a form field naming an SSDA903 table
 * makes its file one). Refused (UploadRefusedError) `unknown_format` when a file cannot be told or
 * the files are of different kinds, and `too_many_files` when a one-file format gets several.
 */
export function uploadFormat(
  files: readonly UploadedFile[],
  requested: IngestFormat | undefined,
): IngestFormat {
  const heads = files.map((f) => ({
    name: f.name,
    head: decoder.decode(f.bytes.subarray(0, 4096)),
    label: f.field,
    ext: f.ext,
  }));
  try {
    return importFormatOf(heads, requested);
  } catch (error) {
    throw refusalOf(error, requested);
  }
}

/**
 * Reads an Annex A workbook, CIN census files or an SSDA903 return into events with formats' one
 * reader (readReturnFiles, as `continuum import` does): an SSDA903 table may be named by its form
 * field (`episodes`, `header`, `careLeavers`). Files it cannot read are refused (UploadRefusedError)
 * with the reader's code (`unreadable_file`, `missing_file`, `not_a_workbook`...; CSV and XML
 * together: `unknown_format`), nothing stored.
 */
export async function readSource(
  format: ReturnFormat,
  files: readonly UploadedFile[],
  options: ReturnReadOptions,
): Promise<ReturnRead> {
  try {
    return await readReturnFiles(
      format,
      files.map((f) => ({ name: f.name, bytes: f.bytes, label: f.field, ext: f.ext })),
      options,
    );
  } catch (error) {
    throw refusalOf(error, format);
  }
}

/** A file the reader refused, as a refused upload with the reader's public code and message; nothing stored. */
function refusalOf(error: unknown, format?: IngestFormat): unknown {
  if (!(error instanceof ImportFileError)) return error;
  const field =
    error.code === 'unknown_format' || error.code === 'mixed_formats'
      ? 'format'
      : error.code === 'missing_file' && format === 'ssda903'
        ? 'episodes'
        : 'file';
  return new UploadRefusedError(
    error.publicCode,
    `${error.message}${apiHints[error.code] ?? '; nothing was stored.'}`,
    field,
  );
}

// What the API tells the sender to do, where it is not simply that nothing was stored.
const apiHints: Partial<Record<ImportFileError['code'], string>> = {
  unknown_format: '; send a format field (csv, ndjson, annex-a, cin or ssda903).',
  mixed_formats: '; upload one format at a time.',
  too_many_files: '.',
};
