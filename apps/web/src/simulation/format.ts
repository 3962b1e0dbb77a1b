import type { Stat } from '@continuum/contracts';
import { formatCount } from '../ui/formatCount.ts';

/** A number for reading: en-GB grouping, `digits` decimals at most; a dash for none. */
export const num = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A signed difference: +3.2 or −1.5 (a real minus sign). */
export const signed = (v: number, digits = 1) => {
  const r = Number(v.toFixed(digits));
  return r > 0 ? `+${num(r, digits)}` : r < 0 ? `−${num(-r, digits)}` : '0';
};

/** A paired difference with its 90% interval: "+3.2 (90%: +1.1 to +5.0)". */
export const withCi = (s: Stat, digits = 1) =>
  `${signed(s.mean, digits)} (${signed(s.ciLow, digits)} to ${signed(s.ciHigh, digits)})`;

/** Pounds, whole: £1,234 or −£1,234. */
export const gbp = (v: number) => `${v < 0 ? '−' : ''}£${formatCount(Math.abs(Math.round(v)))}`;

/** Whether a paired 90% interval excludes 0 (a difference the run can tell from chance). */
export const clear = (s: Stat) => s.ciLow > 0 || s.ciHigh < 0;

/** An ISO date as "4 Dec 2026". */
export const dateLabel = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
