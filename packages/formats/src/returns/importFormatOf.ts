import { type SniffedKind, sniffFormat } from '../sniffFormat.ts';
import { extOf, type FileHead, type ImportFormat } from './fileHead.ts';
import { ImportFileError } from './importFileError.ts';
import { refuseFilesNotOf } from './refuseFilesNotOf.ts';
import { ssda903TableNamed } from './ssda903TableOf.ts';

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
 * kinds), `too_many_files` (several files for a format read one at a time), or as refuseFilesNotOf
 * refuses files whose first bytes show they cannot be of the format.
 * @example importFormatOf([{ name: 'episodes.csv', head }, { name: 'oc3.csv', head: 'CHILD\n' }]) // 'ssda903'
 */
export function importFormatOf(files: readonly FileHead[], requested?: ImportFormat): ImportFormat {
  const format = requested ?? told(files);
  if (files.length > 1 && format !== 'cin' && format !== 'ssda903')
    throw new ImportFileError(
      'too_many_files',
      `${format} imports one file at a time; ${files.length} files were given`,
    );
  refuseFilesNotOf(format, files);
  return format;
}

function told(files: readonly FileHead[]): ImportFormat {
  const kinds = files.map((f) => {
    const ext = extOf(f);
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
