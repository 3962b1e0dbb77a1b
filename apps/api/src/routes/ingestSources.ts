import type { IngestFormat } from '@continuum/contracts';
import {
  type ReturnFormat,
  ReturnFileError,
  type ReturnRead,
  type ReturnReadOptions,
  readReturnFiles,
  type SniffedKind,
  sniffFormat,
} from '@continuum/formats';
import { HttpProblem } from '../http/problem.ts';
import type { UploadedFile } from './ingestForm.ts';

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

/**
 * Reads an Annex A workbook, CIN census files or an SSDA903 return into events with formats' one
 * reader (readReturnFiles, as `continuum import` does): an SSDA903 table may be named by its form
 * field (`episodes`, `header`, `careLeavers`). Files it cannot read are refused with 422 and the
 * reader's code (`unreadable_file`, `missing_file`, `not_a_workbook`...; CSV and XML together:
 * `unknown_format`), nothing stored.
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
    if (!(error instanceof ReturnFileError)) throw error;
    const code = error.code === 'mixed_files' ? 'unknown_format' : error.code;
    const field = error.code === 'missing_file' && format === 'ssda903' ? 'episodes' : 'file';
    throw new HttpProblem(422, code, `${error.message}; nothing was stored.`, field);
  }
}
