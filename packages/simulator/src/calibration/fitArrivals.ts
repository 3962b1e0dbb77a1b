import { DAY_MS as DAY } from '../engine/calendar.ts';

const YEAR_DAYS = 365.25;
/** Below two years of history a trend cannot be told apart from seasonality: none is fitted. */
const MIN_TREND_YEARS = 2;
const Z90 = 1.6449;

/** Arrival parameters as the simulator's pathway takes them, with the trend's evidence. */
export interface ArrivalFit {
  /** Arrivals a year at `asOf` (the trend, when applied, is already in it). */
  perYear: number;
  /** Monthly rate relative to the mean month (mean 1). */
  seasonality: number[];
  /** Growth a year applied to the simulation: the estimate when its 90% interval excludes 0, else 0. */
  trendPerYear: number;
  /** The estimate and its 90% interval (null with under two years of history). */
  trend: { estimate: number; low: number; high: number } | null;
}

/**
 * Fits monthly arrival counts as Poisson with a month-of-year effect and a log-linear trend:
 * log E[count] = log(days observed) + season[month] + beta x years. The season effects are profiled
 * out, leaving a concave one-parameter likelihood in beta that Newton's method solves; its curvature
 * gives the interval. Calendar months are cut at `from` and `asOf`, so partial months count by their days.
 */
export function fitArrivals(starts: readonly number[], from: number, asOf: number): ArrivalFit {
  const months = calendarMonths(from, asOf);
  for (const t of starts) {
    if (t < from || t > asOf) continue;
    const d = new Date(t);
    const k = (d.getUTCFullYear() - months.firstYear) * 12 + d.getUTCMonth() - months.firstMonth;
    const month = months.list[Math.min(k, months.list.length - 1)];
    if (month) month.count++;
  }
  const years = (asOf - from) / DAY / YEAR_DAYS;
  const fitted = years >= MIN_TREND_YEARS ? newton(months.list) : null;
  const applied = fitted !== null && (fitted.low > 0 || fitted.high < 0);
  // Daily rate per month of the year at asOf: C_m / sum over its months of days x exp(beta t).
  const beta = applied ? fitted.beta : 0;
  const rate = new Array<number>(12).fill(Number.NaN);
  for (let m = 0; m < 12; m++) {
    let count = 0;
    let exposure = 0;
    for (const k of months.list) {
      if (k.monthOfYear !== m) continue;
      count += k.count;
      exposure += k.days * Math.exp(beta * k.years);
    }
    if (exposure > 0) rate[m] = count / exposure;
  }
  const known = rate.filter((r) => Number.isFinite(r));
  const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
  const seasonality = rate.map((r) => (Number.isFinite(r) && mean > 0 ? r / mean : 1));
  const total = starts.filter((t) => t >= from && t <= asOf).length;
  return {
    // Without a trend, the plain average over the history (as before trends were fitted).
    perYear: applied ? mean * YEAR_DAYS : years > 0 ? total / years : 0,
    seasonality,
    trendPerYear: applied ? Math.exp(beta) - 1 : 0,
    trend: fitted && {
      estimate: Math.exp(fitted.beta) - 1,
      low: Math.exp(fitted.low) - 1,
      high: Math.exp(fitted.high) - 1,
    },
  };
}

interface Month {
  monthOfYear: number;
  /** Days of this month inside [from, asOf]. */
  days: number;
  /** Its middle, in years relative to asOf (negative: the past). */
  years: number;
  count: number;
}

function calendarMonths(from: number, asOf: number) {
  const list: Month[] = [];
  const first = new Date(from);
  let t = from;
  while (t < asOf) {
    const d = new Date(t);
    const next = Math.min(asOf, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    list.push({
      monthOfYear: d.getUTCMonth(),
      days: (next - t) / DAY,
      years: ((t + next) / 2 - asOf) / DAY / YEAR_DAYS,
      count: 0,
    });
    t = next;
  }
  return { list, firstYear: first.getUTCFullYear(), firstMonth: first.getUTCMonth() };
}

/** Maximises the profile log-likelihood in beta (log growth a year); null if it does not converge. */
function newton(months: readonly Month[]): { beta: number; low: number; high: number } | null {
  let beta = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    const { gradient, curvature } = derivatives(months, beta);
    if (!(curvature < 0)) return null;
    const step = -gradient / curvature;
    // Growth beyond e^±3 a year is not a trend a service would see; stop rather than run off.
    beta = Math.max(-3, Math.min(3, beta + step));
    if (Math.abs(step) < 1e-10) {
      const se = 1 / Math.sqrt(-curvature);
      return { beta, low: beta - Z90 * se, high: beta + Z90 * se };
    }
  }
  return null;
}

/** First and second derivative of l(beta) = beta sum c_k t_k - sum_m C_m log S_m(beta). */
function derivatives(months: readonly Month[], beta: number) {
  const s0 = new Float64Array(12);
  const s1 = new Float64Array(12);
  const s2 = new Float64Array(12);
  const counts = new Float64Array(12);
  let gradient = 0;
  for (const k of months) {
    const w = k.days * Math.exp(beta * k.years);
    s0[k.monthOfYear]! += w;
    s1[k.monthOfYear]! += w * k.years;
    s2[k.monthOfYear]! += w * k.years * k.years;
    counts[k.monthOfYear]! += k.count;
    gradient += k.count * k.years;
  }
  let curvature = 0;
  for (let m = 0; m < 12; m++) {
    if (!(s0[m]! > 0)) continue;
    const mean = s1[m]! / s0[m]!;
    gradient -= counts[m]! * mean;
    curvature -= counts[m]! * (s2[m]! / s0[m]! - mean * mean);
  }
  return { gradient, curvature };
}
