import type { CellValue } from 'exceljs';
import { cellCode, cellText, stripPrefix } from './cells.ts';

/** DfE age bands at entry, the only trace of a date of birth the product keeps. */
export type AgeBand = 'under_1' | '1_4' | '5_9' | '10_15' | '16_17' | '18_plus';

/** The DfE age band of an age in whole or fractional years. */
export function ageBandOf(years: number): AgeBand {
  if (years < 1) return 'under_1';
  if (years < 5) return '1_4';
  if (years < 10) return '5_9';
  if (years < 16) return '10_15';
  if (years < 18) return '16_17';
  return '18_plus';
}

/** Whole-and-fractional years between two YYYY-MM-DD dates. */
export function yearsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / (365.25 * 86_400_000);
}

/** Annex A gender (`a) Male`, `b) Female`, `c) Not stated/recorded`, `1`, `2`) as male / female / unknown. */
export function sexCode(value: CellValue | undefined): string {
  const text = stripPrefix(cellText(value)).toLowerCase();
  if (text === 'male' || text === 'm' || text === '1') return 'male';
  if (text === 'female' || text === 'f' || text === '2') return 'female';
  return text === '' ? '' : 'unknown';
}

/**
 * Care leavers' activity (SSDA903 codes): F* are in education, training or employment (`eet`),
 * G* are not (`neet`); anything else, including blank, is `unknown`.
 */
export function activityCode(value: CellValue | undefined): 'eet' | 'neet' | 'unknown' {
  const code = cellCode(value).toUpperCase();
  if (/^F\d/.test(code)) return 'eet';
  if (/^G\d/.test(code)) return 'neet';
  const text = cellText(value).toLowerCase();
  if (text.includes('not in education')) return 'neet';
  return 'unknown';
}
