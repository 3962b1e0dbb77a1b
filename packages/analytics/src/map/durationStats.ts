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

/** Stats of a histogram slice `counts[offset .. offset + size)` (one stage's or move's days). */
export function statsOf(counts: Uint32Array, offset: number, size: number): DurationStats {
  let n = 0;
  let sum = 0;
  for (let d = 0; d < size; d++) {
    const k = counts[offset + d]!;
    n += k;
    sum += k * d;
  }
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, max: null };
  const medianRank = nearestRank(0.5, n);
  const p90Rank = nearestRank(0.9, n);
  let median = -1;
  let p90 = -1;
  let max = 0;
  let cumulative = 0;
  for (let d = 0; d < size; d++) {
    const k = counts[offset + d]!;
    if (k === 0) continue;
    cumulative += k;
    if (median < 0 && cumulative >= medianRank) median = d;
    if (p90 < 0 && cumulative >= p90Rank) p90 = d;
    max = d;
  }
  return { count: n, mean: Math.round((sum / n) * 10) / 10, median, p90, max };
}
