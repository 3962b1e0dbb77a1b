/** The period a KPI answer covers (the API's `period`). */
export interface KpiPeriod {
  from: string;
  to: string;
  asOf: string;
}

const DAY = 86_400_000;

/** Days in a period, both ends included. */
export function periodDays(p: Pick<KpiPeriod, 'from' | 'to'>): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY) + 1;
}

/** A period's length in words: "4 weeks", "3 months", "12 months", else "N days". */
export function lengthWords(days: number): string {
  if (days === 365 || days === 366) return '12 months';
  if (days >= 89 && days <= 92) return '3 months';
  if (days >= 181 && days <= 184) return '6 months';
  if (days % 7 === 0 && days <= 182) return `${days / 7} week${days === 7 ? '' : 's'}`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** What a KPI needs to be read: its unit, what it measures, its value. */
export interface RateInput {
  unit: string;
  measured?: 'period' | 'asOf';
  value: number | null;
}

/**
 * A KPI as a reader compares it: a rate per 10,000 of events in the period annualised (x 365 /
 * days, one decimal), so 4 weeks and 12 months read on one scale; and the words saying what it is
 * ("per 10,000 children a year, 4 weeks to 2025-03-31"; "per 10,000 children on 2025-03-31").
 */
export function readableRate(
  k: RateInput,
  period: KpiPeriod,
): { value: number | null; unitLabel: string; periodLabel: string } {
  const days = periodDays(period);
  const overPeriod = k.measured === 'period';
  const periodLabel = overPeriod ? `${lengthWords(days)} to ${period.to}` : `on ${period.asOf}`;
  if (k.unit !== 'per_10000') return { value: k.value, unitLabel: '', periodLabel };
  if (!overPeriod) return { value: k.value, unitLabel: 'per 10,000 children', periodLabel };
  const value = k.value === null ? null : Math.round(((k.value * 365) / days) * 10) / 10;
  return { value, unitLabel: 'per 10,000 children a year', periodLabel };
}
