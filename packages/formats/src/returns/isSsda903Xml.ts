import { sniffFormat } from '../sniffFormat.ts';
import { extOf } from './fileHead.ts';

/** Why an SSDA903 import of CSV tables and XML returns together is refused (before or while reading). */
export const MIXED_SSDA903 = 'An SSDA903 import takes either the CSV tables or XML returns, not both at once';

/**
 * Whether a file of an SSDA903 return is an XML return rather than a CSV table, by one rule for
 * the check before reading and the reader: its extension, or an SSDA903 root in its first bytes.
 */
export function isSsda903Xml(file: { name: string; head: string; ext?: string }): boolean {
  const ext = extOf(file);
  return ext === '.xml' || sniffFormat(`file${ext}`, file.head) === 'ssda903-xml';
}
