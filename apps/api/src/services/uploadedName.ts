import { detectPii } from '@continuum/machines';

/**
 * The name the `n`th file of an upload goes by in the report, and its extension: its own name (else
 * its form field's), unless the name looks like personal data (a child's name, a date of birth),
 * which the report must not echo; then `file N` with the reason. Both upload routes and `continuum
 * import` name files by this rule.
 */
export function uploadedName(filename: string, field: string, n: number): { name: string; ext: string } {
  const name = filename || field;
  const why = detectPii(name);
  return {
    name: why ? `file ${n} (name withheld: ${why})` : name,
    ext: /\.[a-z0-9]+$/i.exec(name)?.[0] ?? '',
  };
}
