import { detectPii } from '@continuum/machines';
import { cellText } from './cells.ts';
import type { AnnexARow } from './readAnnexA.ts';

// Columns read as dates by design; their values become event dates, never attributes.
const DATE_COLUMNS = new Set(['date', 'start', 'end', 'icpc']);

/**
 * Why a row must be refused because a coded cell it imports holds personal data, or undefined. Runs
 * on the RAW cell text, before cellCode lower-snake-cases it, so `Jane Smith`, `04/03/2012` or
 * `07700 900123` can never arrive as `jane_smith`, `04_03_2012` or `07700_900123`. The reason names
 * the column, never the value (it is printed in reports).
 */
export function rowPii(row: AnnexARow): string | undefined {
  for (const [key, value] of Object.entries(row.cells)) {
    if (DATE_COLUMNS.has(key)) continue;
    const pii = detectPii(cellText(value));
    if (pii) return `${row.headers[key] ?? key} ${pii} (the value is not shown; only codes are imported)`;
  }
  const sex = detectPii(cellText(row.person.sex));
  if (sex) return `the gender column ${sex} (the value is not shown; only codes are imported)`;
  return undefined;
}
