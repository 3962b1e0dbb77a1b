import type { FileHead, ImportFormat } from './fileHead.ts';
import { ImportFileError } from './importFileError.ts';
import { isSsda903Xml, MIXED_SSDA903 } from './isSsda903Xml.ts';

const ZIP = 'PK\u0003\u0004';
const KIND = {
  zip: 'a ZIP archive such as a workbook',
  xml: 'XML',
  text: 'plain text',
  binary: 'a binary file, such as an .xls or a password-protected workbook, or text saved as UTF-16',
} as const;

/**
 * Refuses, from their first bytes alone, files that cannot be of `format` (an asked-for format is
 * otherwise taken on trust): XML or a workbook as a canonical log, anything but a workbook as
 * Annex A, anything but `<Message>` XML as a CIN census, CSV tables with XML returns or XML of
 * another root as SSDA903. A queued upload is checked by this before it is stored for a worker, so
 * it is refused when `POST /api/ingest` and `continuum import` would refuse it, with the same
 * ImportFileError. What only a full read shows is left to the readers.
 */
export function refuseFilesNotOf(format: ImportFormat, files: readonly FileHead[]): void {
  if (format === 'ssda903') {
    const xml = files.filter(isSsda903Xml);
    if (xml.length > 0 && xml.length < files.length) throw new ImportFileError('mixed_files', MIXED_SSDA903);
  }
  for (const f of files) {
    const found = containerOf(f.head);
    const root = found === 'xml' ? xmlRootOf(f.head) : undefined;
    const it = KIND[found];
    if (format === 'annex-a' && found !== 'zip')
      throw new ImportFileError('not_a_workbook', `${f.name}: not an .xlsx workbook (it is ${it})`);
    if (found === 'binary' && format !== 'annex-a')
      throw new ImportFileError(
        'unreadable_file',
        `${f.name} cannot be read (it is ${it}; save it as UTF-8 text)`,
      );
    if ((format === 'csv' || format === 'ndjson') && found !== 'text')
      throw new ImportFileError(
        'unreadable_file',
        `${f.name} is not a canonical ${format.toUpperCase()} log (it is ${it})`,
      );
    if (format === 'cin' && (found !== 'xml' || (root !== undefined && root !== 'Message')))
      throw new ImportFileError(
        'unreadable_file',
        `${f.name} is not a CIN census file (${root ? 'its root element is not Message' : `it is ${it}, not XML`})`,
      );
    if (format === 'ssda903' && found === 'zip')
      throw new ImportFileError(
        'unreadable_file',
        `${f.name} is not an SSDA903 table or XML return (it is ${it})`,
      );
    if (format === 'ssda903' && root !== undefined && !/SSDA903$/i.test(root))
      throw new ImportFileError(
        'unreadable_file',
        `${f.name} is not an SSDA903 XML return (expected an EXPSSDA903 root with CHILD elements)`,
      );
  }
}

/**
 * What a file is by its first bytes: a ZIP archive (an .xlsx workbook is one), binary (NUL bytes:
 * an old Office file, which a password-protected workbook is too, or UTF-16 text), XML, or other text.
 */
function containerOf(head: string): keyof typeof KIND {
  if (head.startsWith(ZIP)) return 'zip';
  if (head.slice(0, 1024).includes('\u0000')) return 'binary';
  return /^\uFEFF?\s*</.test(head) ? 'xml' : 'text';
}

/**
 * The local name of an XML document's first element, past the declaration, comments, processing
 * instructions and a doctype; undefined when the head ends before it.
 */
function xmlRootOf(head: string): string | undefined {
  let at = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at]!)) at++;
    const end = head.startsWith('<?', at)
      ? head.indexOf('?>', at)
      : head.startsWith('<!--', at)
        ? head.indexOf('-->', at)
        : head.startsWith('<!', at)
          ? head.indexOf('>', at)
          : -2;
    if (end === -1) return undefined;
    if (end === -2) break;
    at = head.indexOf('>', end) + 1;
  }
  // Names longer than any return's are left to the reader.
  return /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]{0,39})[\s/>]/.exec(head.slice(at, at + 200))?.[1];
}
