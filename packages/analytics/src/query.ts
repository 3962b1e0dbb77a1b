import { dayInTimeDomain, TIME_DOMAIN } from '@continuum/machines';
import { type DayNumber, fromDay } from './calendar/dayNumber.ts';
import type { IntervalIndex } from './columnar/IntervalIndex.ts';

/** What every analytics request asks: a period, an as-of date and filters on coded attributes. */
export interface AnalyticsQuery {
  /** First day of the period (inclusive). */
  from: DayNumber;
  /** Last day of the period (inclusive). */
  to: DayNumber;
  /** The day "open now" and "overdue now" refer to (usually `to`). */
  asOf: DayNumber;
  /** Coded attribute -> accepted values (a case matches when every named attribute is one of them). */
  filters?: Record<string, readonly string[]>;
  /** Throughput series granularity. */
  bucket?: 'week' | 'month';
}

/** A request the data cannot answer as asked (unknown attribute, reversed period): a 400, not a 500. */
export class AnalyticsQueryError extends Error {
  constructor(
    readonly code: 'invalid_period' | 'unknown_attribute',
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsQueryError';
  }
}

/** Checks the period; returns the query for chaining. */
export function checkQuery(query: AnalyticsQuery): AnalyticsQuery {
  for (const [name, v] of [
    ['from', query.from],
    ['to', query.to],
    ['asOf', query.asOf],
  ] as const) {
    if (!Number.isInteger(v)) throw new AnalyticsQueryError('invalid_period', `${name} is not a date`);
  }
  for (const [name, v] of [
    ['from', query.from],
    ['to', query.to],
    ['asOf', query.asOf],
  ] as const) {
    // Per-request tables are sized by days: keep dates to years a service can have records for.
    if (!dayInTimeDomain(v)) {
      throw new AnalyticsQueryError(
        'invalid_period',
        `${name} must be between ${TIME_DOMAIN.from} and ${TIME_DOMAIN.to}`,
      );
    }
  }
  if (query.to < query.from) {
    throw new AnalyticsQueryError(
      'invalid_period',
      `the period ends (${fromDay(query.to)}) before it starts (${fromDay(query.from)})`,
    );
  }
  return query;
}

/**
 * One byte per case, 1 when the case passes the attribute filters; null when there are none, so
 * the hot loops skip the check entirely.
 */
export function caseMask(
  index: IntervalIndex,
  filters: AnalyticsQuery['filters'],
  knownAttributes: readonly string[],
): Uint8Array | null {
  const entries = Object.entries(filters ?? {}).filter(([, values]) => values.length > 0);
  if (entries.length === 0) return null;
  const mask = new Uint8Array(index.caseCount).fill(1);
  for (const [name, values] of entries) {
    if (!knownAttributes.includes(name) && !index.attributes.has(name)) {
      throw new AnalyticsQueryError(
        'unknown_attribute',
        `unknown attribute ${name}; expected one of ${knownAttributes.join(', ')}`,
      );
    }
    const attribute = index.attributes.get(name);
    if (!attribute) {
      mask.fill(0);
      continue;
    }
    const accepted = new Uint8Array(attribute.dict.size);
    for (const v of values) {
      const code = attribute.dict.codeOf(v);
      if (code > 0) accepted[code] = 1;
    }
    const column = attribute.column;
    for (let c = 0; c < mask.length; c++) if (accepted[column[c]!] === 0) mask[c] = 0;
  }
  return mask;
}
