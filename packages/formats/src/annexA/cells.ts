import { dateInTimeDomain, outOfTimeDomainMessage } from '@continuum/machines';
import type { CellValue } from 'exceljs';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Spreadsheet error markers and placeholders that mean "no value". */
const JUNK = new Set([
  '#n/a',
  '#ref!',
  '#value!',
  '#div/0!',
  '#name?',
  '#null!',
  '#num!',
  'n/a',
  'null',
  '-',
]);

/** The text of a cell, whatever exceljs made of it (rich text, formula result, hyperlink, error). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('error' in value) return '';
    if ('result' in value) return cellText(value.result as CellValue);
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value) return cellText(value.text as CellValue);
    return '';
  }
  const text = String(value).trim();
  return JUNK.has(text.toLowerCase()) ? '' : text;
}

/**
 * A cell as a calendar date (YYYY-MM-DD, UTC): Excel dates, Excel serial numbers, DD/MM/YYYY text
 * (the English convention Annex A uses) and ISO text. Returns undefined when empty, `null` when
 * present but not a date inside the time domain (1900-01-01 to 2100-12-31; never shifted).
 */
export function cellDate(value: CellValue | undefined): string | null | undefined {
  const read = readDate(value);
  return typeof read === 'object' && read !== null ? null : read;
}

/** Why a cell that is present is not an accepted date (for the row's rejection reason). */
export function cellDateProblem(value: CellValue | undefined, header: string): string {
  const read = readDate(value);
  return typeof read === 'object' && read !== null
    ? outOfTimeDomainMessage(header, read.outside)
    : `${header} is not a date`;
}

/** A date, undefined (empty), null (not a date) or a real date outside the domain, as written. */
function readDate(value: CellValue | undefined): string | null | undefined | { outside: string } {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoDate(value.getTime());
  if (value !== null && typeof value === 'object' && 'result' in value) {
    return readDate(value.result as CellValue);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) return null;
    return isoDate(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS);
  }
  const text = cellText(value);
  if (text === '') return undefined;
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (uk) return checked(Number(uk[3]), Number(uk[2]), Number(uk[1]), text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]), text);
  if (/^\d+(\.\d+)?$/.test(text)) return readDate(Number(text));
  return null;
}

/** Strips Annex A's list-position prefix, e.g. `b) Female` -> `Female`, `q) 6: Police` -> `6: Police`. */
export function stripPrefix(text: string): string {
  return text.replace(/^[a-z]{1,2}\)\s*/i, '').trim();
}

/**
 * The code of a coded cell: `N1 - Abuse or Neglect` -> `N1`, `f) U6: Foster placement` -> `U6`,
 * `RC8 ...` -> `RC8`; text without a code becomes lower snake case (`Physical abuse` -> `physical_abuse`).
 */
export function cellCode(value: CellValue | undefined): string {
  const text = stripPrefix(cellText(value));
  if (text === '') return '';
  const coded = /^([A-Z]{0,3}\d{1,3}[A-Z]?)\s*(?:[:\-–]|\s|$)/.exec(text);
  if (coded) return coded[1]!;
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A yes/no cell: `Yes`, `Y`, `a) Yes`, `true` -> true; `No`, `N` -> false; otherwise undefined. */
export function cellYesNo(value: CellValue | undefined): boolean | undefined {
  const text = stripPrefix(cellText(value)).toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(text)) return true;
  if (['no', 'n', 'false', '0'].includes(text)) return false;
  return undefined;
}

/** An instant as its UTC date, or the date marked outside the domain (Excel's own dates reach 9999). */
function isoDate(ms: number): string | { outside: string } {
  const iso = new Date(ms).toISOString().slice(0, 10);
  return dateInTimeDomain(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)))
    ? iso
    : { outside: iso };
}

/**
 * A written year, month and day as YYYY-MM-DD; null when no such date exists. Checked from the
 * numbers (Date.UTC would read year 0099 as 1999), and outside the domain it is never shifted.
 */
function checked(y: number, m: number, d: number, text: string): string | null | { outside: string } {
  if (dateInTimeDomain(y, m, d)) {
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { outside: text };
}
