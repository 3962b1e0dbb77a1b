import type { DurationModel } from '@continuum/machines';
import type { Rng } from './rng.ts';

/**
 * A duration model flattened for the inner loop: a numeric kind plus parameters, so sampling is a
 * switch on an integer with no allocation. Structured-clone safe (crosses worker boundaries).
 */
export interface DurationSpec {
  kind: 0 | 1 | 2 | 3; // exponential, lognormal, gamma, empirical
  a: number; // mean | median | shape | -
  b: number; // -    | sigma  | scale | -
  ps: number[]; // empirical: cumulative probabilities, ascending
  days: number[]; // empirical: quantiles in days, non-decreasing
}

/** Flattens a pathway duration model; empirical quantiles are sorted and made monotone. */
export function toSpec(model: DurationModel): DurationSpec {
  switch (model.type) {
    case 'exponential':
      return { kind: 0, a: model.meanDays, b: 0, ps: [], days: [] };
    case 'lognormal':
      return { kind: 1, a: model.medianDays, b: model.sigma, ps: [], days: [] };
    case 'gamma':
      return { kind: 2, a: model.shape, b: model.scaleDays, ps: [], days: [] };
    case 'empirical': {
      const q = [...model.quantiles].sort((x, y) => x.p - y.p);
      const days: number[] = [];
      for (const point of q) days.push(Math.max(point.days, days[days.length - 1] ?? 0));
      return { kind: 3, a: 0, b: 0, ps: q.map((x) => x.p), days };
    }
  }
}

/** Mean of a duration in days, for traffic equations and capacity sizing. */
export function meanOf(spec: DurationSpec): number {
  switch (spec.kind) {
    case 0:
      return spec.a;
    case 1:
      return spec.a * Math.exp((spec.b * spec.b) / 2);
    case 2:
      return spec.a * spec.b;
    case 3: {
      // Integral of the piecewise-linear quantile function, flat beyond the given points.
      const { ps, days } = spec;
      let total = (ps[0] ?? 0) * (days[0] ?? 0);
      for (let i = 1; i < ps.length; i++) total += ((ps[i]! - ps[i - 1]!) * (days[i]! + days[i - 1]!)) / 2;
      return total + (1 - (ps[ps.length - 1] ?? 1)) * (days[days.length - 1] ?? 0);
    }
  }
}

/** Draws a duration in days. Inverse-CDF where possible (one uniform per draw, good for CRN). */
export function sample(spec: DurationSpec, rng: Rng): number {
  switch (spec.kind) {
    case 0:
      return -spec.a * Math.log(rng.uniform());
    case 1:
      return spec.a * Math.exp(spec.b * normalQuantile(rng.uniform()));
    case 2:
      return spec.b * gammaUnit(spec.a, rng);
    case 3:
      return empiricalQuantile(spec, rng.uniform());
  }
}

/** Draws a remaining duration given `spent` days already in the stage (for a live starting stock). */
export function sampleResidual(spec: DurationSpec, spent: number, rng: Rng): number {
  if (spent <= 0) return sample(spec, rng);
  const F = cdf(spec, spent);
  if (spec.kind === 0) return sample(spec, rng); // memoryless
  if (F >= 1 - 1e-12) return -meanOf(spec) * 0.1 * Math.log(rng.uniform()); // beyond the model: leave soon
  if (spec.kind === 1 || spec.kind === 3) {
    const u = F + (1 - F) * rng.uniform();
    const total =
      spec.kind === 1 ? spec.a * Math.exp(spec.b * normalQuantile(u)) : empiricalQuantile(spec, u);
    return Math.max(0, total - spent);
  }
  for (let i = 0; i < 1000; i++) {
    const d = sample(spec, rng);
    if (d > spent) return d - spent;
  }
  return -meanOf(spec) * 0.1 * Math.log(rng.uniform());
}

/** Cumulative probability of a duration at `x` days (gamma by series; used for residuals only). */
export function cdf(spec: DurationSpec, x: number): number {
  if (x <= 0) return 0;
  switch (spec.kind) {
    case 0:
      return 1 - Math.exp(-x / spec.a);
    case 1:
      return normalCdf(Math.log(x / spec.a) / spec.b);
    case 2:
      return lowerGammaRegularized(spec.a, x / spec.b);
    case 3: {
      const { ps, days } = spec;
      if (x < days[0]!) return 0;
      for (let i = 1; i < days.length; i++) {
        if (x < days[i]!) {
          const span = days[i]! - days[i - 1]!;
          return ps[i - 1]! + ((ps[i]! - ps[i - 1]!) * (x - days[i - 1]!)) / span;
        }
      }
      return 1;
    }
  }
}

function empiricalQuantile(spec: DurationSpec, u: number): number {
  const { ps, days } = spec;
  if (u <= ps[0]!) return days[0]!;
  for (let i = 1; i < ps.length; i++) {
    if (u <= ps[i]!) {
      const span = ps[i]! - ps[i - 1]!;
      return span <= 0 ? days[i]! : days[i - 1]! + ((days[i]! - days[i - 1]!) * (u - ps[i - 1]!)) / span;
    }
  }
  return days[days.length - 1]!;
}

/** Marsaglia-Tsang gamma(shape, 1), with the shape < 1 boost. */
function gammaUnit(shape: number, rng: Rng): number {
  if (shape < 1) return gammaUnit(shape + 1, rng) * rng.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normalQuantile(rng.uniform());
    const v0 = 1 + c * z;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). The central
 * region (95% of draws) is small enough for the JIT to inline into the engine's loop; the tails
 * (a log and a square root) are a separate function.
 */
export function normalQuantile(p: number): number {
  if (p < 0.02425 || p > 1 - 0.02425) return normalQuantileTail(p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) * r +
      -30.66479806614716) *
      r +
      2.506628277459239) *
      q) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r +
      -13.28068155288572) *
      r +
      1)
  );
}

function normalQuantileTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p < 0.5 ? p : 1 - p));
  const x =
    (((((-0.007784894002430293 * q + -0.3223964580411365) * q + -2.400758277161838) * q +
      -2.549732539343734) *
      q +
      4.374664141464968) *
      q +
      2.938163982698783) /
    ((((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q +
      1);
  return p < 0.5 ? x : -x;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf, absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

function lowerGammaRegularized(s: number, x: number): number {
  // Series expansion; adequate for the residual-duration use (not in the inner loop).
  let sum = 1 / s;
  let term = sum;
  for (let n = 1; n < 500; n++) {
    term *= x / (s + n);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return Math.min(1, Math.exp(-x + s * Math.log(x) - logGamma(s)) * sum);
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];
/** Lanczos log-gamma. */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x0 = z - 1;
  let x = 0.9999999999998099;
  for (let i = 0; i < 8; i++) x += LANCZOS[i]! / (x0 + i + 1);
  const t = x0 + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x0 + 0.5) * Math.log(t) - t + Math.log(x);
}
