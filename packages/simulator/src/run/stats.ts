import { normalQuantile } from '../engine/distributions.ts';

/** A statistic across replications: its mean, the 5th-95th percentile spread, and a 90% CI of the mean. */
export interface Stat {
  mean: number;
  /** 5th percentile across replications (90% of replications fall in [p5, p95]). */
  p5: number;
  p95: number;
  /** 90% confidence interval of the mean (Student t); what "within the simulation's own CI" means. */
  ciLow: number;
  ciHigh: number;
}

/** Student t quantile by the Cornish-Fisher expansion (accurate to ~1e-3 for df >= 3). */
export function tQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  if (!Number.isFinite(df) || df <= 0) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/** Linear-interpolated percentile of a sorted sample. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const x = p * (n - 1);
  const i = Math.floor(x);
  const lo = sorted[i]!;
  const hi = sorted[Math.min(n - 1, i + 1)]!;
  return lo + (hi - lo) * (x - i);
}

/** Summarises one value per replication into a Stat. */
export function summarise(values: ArrayLike<number>): Stat {
  const n = values.length;
  if (n === 0) return { mean: 0, p5: 0, p95: 0, ciLow: 0, ciHigh: 0 };
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  const half = n > 1 ? (tQuantile(0.95, n - 1) * sd) / Math.sqrt(n) : 0;
  const sorted = Float64Array.from(values).sort();
  return {
    mean,
    p5: percentile(sorted, 0.05),
    p95: percentile(sorted, 0.95),
    ciLow: mean - half,
    ciHigh: mean + half,
  };
}

/** Three decimal places: the precision every published series and difference is rounded to. */
export const round3 = (x: number) => Math.round(x * 1000) / 1000;
