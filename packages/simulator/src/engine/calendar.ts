/** Milliseconds in a day: calendar days are the simulator's time unit. */
export const DAY_MS = 86_400_000;

/** Parses an ISO date (or date-time) to epoch milliseconds, throwing on nonsense. */
export function parseDate(iso: string): number {
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO 8601 date.`);
  return ms;
}

/** Simulation clock (days since origin) to an ISO 8601 UTC date-time, millisecond precision. */
export function isoAt(originMs: number, days: number): string {
  return new Date(originMs + Math.round(days * DAY_MS)).toISOString();
}

/**
 * Calendar month boundaries from an origin, in days, covering [0, endDays]; the engine draws
 * arrivals month by month so seasonality is exact, not thinned.
 */
export function monthBoundaries(originMs: number, endDays: number): { start: number[]; month: number[] } {
  const start: number[] = [0];
  const origin = new Date(originMs);
  const month: number[] = [origin.getUTCMonth()];
  let y = origin.getUTCFullYear();
  let m = origin.getUTCMonth();
  for (;;) {
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
    const days = (Date.UTC(y, m, 1) - originMs) / DAY_MS;
    start.push(days);
    month.push(m);
    if (days > endDays) break;
  }
  return { start, month };
}

/** Buckets of the daily/weekly series over a horizon: the engine and the aggregator must agree on it. */
export function bucketCount(horizonDays: number, bucketDays: number): number {
  return Math.max(1, Math.ceil(horizonDays / bucketDays));
}

/** Epoch ms at which a run's clock starts: `warmupDays` before the reported start date. */
export function originOf(startMs: number, warmupDays: number): number {
  return startMs - Math.round(warmupDays * DAY_MS);
}

/** Epoch ms of a record time given as ms or as an ISO date (stays arrive either way). */
export function toMs(t: number | string): number {
  return typeof t === 'number' ? t : parseDate(t);
}
