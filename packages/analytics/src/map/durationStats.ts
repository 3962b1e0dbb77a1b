/** Summary of whole-day durations; percentiles use the nearest-rank definition. */
export interface DurationStats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/**
 * Nearest-rank percentile of n sorted values: the value at rank ceil(p * n) (1-based), i.e. the
 * smallest value with at least p of the values at or below it. The median is p = 0.5 (the lower
 * middle value when n is even), so every reported figure is an observed duration.
 */
export function nearestRank(p: number, n: number): number {
  return Math.max(1, Math.ceil(p * n - 1e-9));
}

/** Accumulates durations in a histogram by whole day: exact percentiles in one pass, no sorting. */
export class DurationHistogram {
  counts: Uint32Array;
  count = 0;
  sum = 0;

  constructor(size: number) {
    this.counts = new Uint32Array(Math.max(1, size));
  }

  add(days: number): void {
    if (days >= this.counts.length) {
      const next = new Uint32Array(Math.max(days + 1, this.counts.length * 2));
      next.set(this.counts);
      this.counts = next;
    }
    this.counts[days]!++;
    this.count++;
    this.sum += days;
  }

  /** Mean (rounded to 0.1 day), nearest-rank median and p90, and max. */
  stats(): DurationStats {
    const n = this.count;
    if (n === 0) return { count: 0, mean: null, median: null, p90: null, max: null };
    const medianRank = nearestRank(0.5, n);
    const p90Rank = nearestRank(0.9, n);
    let median = -1;
    let p90 = -1;
    let max = 0;
    let cumulative = 0;
    const counts = this.counts;
    for (let d = 0; d < counts.length; d++) {
      const k = counts[d]!;
      if (k === 0) continue;
      cumulative += k;
      if (median < 0 && cumulative >= medianRank) median = d;
      if (p90 < 0 && cumulative >= p90Rank) p90 = d;
      max = d;
    }
    return { count: n, mean: Math.round((this.sum / n) * 10) / 10, median, p90, max };
  }
}
