import { type SniffedKind, sniffFormat } from '../sniffFormat.ts';
import { ImportFileError } from './importFileError.ts';
import type { ReturnFormat } from './readReturnFiles.ts';
import { ssda903TableNamed } from './ssda903TableOf.ts';

/** What `continuum import` and `POST /api/ingest` read: a canonical log, or a return. */
export type ImportFormat = 'csv' | 'ndjson' | ReturnFormat;

/** A file as far as telling its format goes: its name, its first few kB as text, what the sender called it. */
export interface FileHead {
  name: string;
  head: string;
  /** An SSDA903 table named by the sender (the API's form field). */
  label?: string;
  /** The extension (`.xml`) when `name` does not show it (a name withheld as personal data). */
  ext?: string;
}

const KIND_NAMES: Record<SniffedKind, string> = {
  'annex-a': 'an Annex A workbook',
  cin: 'a CIN census file',
  'ssda903-episodes': 'SSDA903 episodes',
  'ssda903-header': 'an SSDA903 header',
  'ssda903-care-leavers': 'SSDA903 care leavers',
  'ssda903-xml': 'an SSDA903 XML return',
  csv: 'a canonical CSV log',
  ndjson: 'a canonical NDJSON log',
};

/**
 * The format of the files to import, by one rule for the CLI and the API: the one asked for, else
 * the one every file is recognised as (sniffFormat; a file labelled as an SSDA903 table is one, and
 * CSV files beside SSDA903 tables are tables when their names say which: `oc3.csv`). Throws
 * ImportFileError `unknown_format` (a file cannot be told), `mixed_formats` (files of different
 * kinds) or `too_many_files` (several files for a format read one at a time).
 * @example importFormatOf([{ name: 'episodes.csv', head }, { name: 'oc3.csv', head: 'CHILD\n' }]) // 'ssda903'
 */
export function importFormatOf(files: readonly FileHead[], requested?: ImportFormat): ImportFormat {
  const format = requested ?? told(files);
  if (files.length > 1 && format !== 'cin' && format !== 'ssda903')
    throw new ImportFileError(
      'too_many_files',
      `${format} imports one file at a time; ${files.length} files were given`,
    );
  return format;
}

function told(files: readonly FileHead[]): ImportFormat {
  const kinds = files.map((f) => {
    const ext = f.ext ?? /\.[a-z0-9]+$/i.exec(f.name)?.[0] ?? '';
    const kind = sniffFormat(`file${ext}`, f.head);
    const labelled = ssda903TableNamed(f.label) !== undefined;
    if (kind === undefined && !labelled)
      throw new ImportFileError('unknown_format', `Cannot tell what ${f.name} is from its name or content`);
    return labelled
      ? { f, format: 'ssda903' as const, as: 'an SSDA903 table' }
      : { f, format: formatOfKind(kind!), as: KIND_NAMES[kind!] };
  });
  const formats = new Set(kinds.map((k) => k.format));
  const namedTables = kinds.every((k) => k.format !== 'csv' || ssda903TableNamed(k.f.name) !== undefined);
  if (formats.size === 2 && formats.has('ssda903') && formats.has('csv') && namedTables) return 'ssda903';
  if (formats.size > 1) {
    const list = kinds.map((k) => `${k.f.name} (${k.as})`);
    throw new ImportFileError('mixed_formats', `The files are of different kinds: ${list.join(', ')}`);
  }
  return [...formats][0]!;
}

const formatOfKind = (k: SniffedKind): ImportFormat =>
  k.startsWith('ssda903') ? 'ssda903' : (k as ImportFormat);
