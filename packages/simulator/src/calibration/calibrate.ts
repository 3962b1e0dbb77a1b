import {
  compile,
  type CompiledPathway,
  type DurationModel,
  type PathwayDefinition,
} from '@continuum/machines';
import { cloneDefinition } from '../scenario/applyScenario.ts';
import { applyWeight } from '../scenario/applyWeight.ts';
import { type ArrivalFit, fitArrivals } from './fitArrivals.ts';
import { DAY_MS as DAY, toMs } from '../engine/calendar.ts';
import { SimulationInputError, type SimulationProblem } from '../errors.ts';
import { kaplanMeier, kmQuantile } from './kaplanMeier.ts';
import { lognormalMle } from './lognormalMle.ts';
import type { LiveCase } from '../run/runSimulation.ts';
import { toCompiled, type PathwayInput } from '../engine/SimModel.ts';
import { percentile } from '../run/stats.ts';
import { stageCapacity } from '../engine/stageCapacity.ts';
import { type CapacityReport, capacityReport } from './capacityReport.ts';

/** One stay as the case store records it: plain data, no SQL. Times are epoch ms or ISO strings. */
export interface IntervalRecord {
  caseId: string | number;
  stage: string;
  enteredAt: number | string;
  /** null while the stay is open (right-censored at `asOf`). */
  exitedAt: number | string | null;
  nextStage: string | null;
  /** The event that ended the stay, when known; otherwise the unique event between the stages is used. */
  exitEvent?: string | null;
  attributes?: Record<string, string | null>;
}

/** Options for calibration. */
export interface CalibrationOptions {
  /** The pathway whose parameters are estimated (definition or compiled). */
  pathway: PathwayInput;
  intervals: Iterable<IntervalRecord>;
  /** The extract date: open stays are censored here. Default: the latest time in the data. */
  asOf?: number | string;
  /** auto: empirical Kaplan-Meier quantiles when the curve reaches 98%, else censored lognormal MLE. */
  durationModel?: 'auto' | 'empirical' | 'lognormal';
  /**
   * Whether to set the capacity of stages that have none configured from the observed concurrent
   * stock of the last 12 months (default 'none': leave them unlimited and only propose the p95).
   */
  capacity?: 'none' | 'max' | 'p95';
  /** Fewer stays than this and the stage keeps its baseline parameters (default 30). */
  minStays?: number;
  /** Start of the fit check (ISO date or ms); default: one year before asOf, or the data start. */
  fitFrom?: number | string;
}

/** What calibration found for one stage. */
export interface StageCalibration {
  stage: string;
  stays: number;
  completed: number;
  open: number;
  /** Kaplan-Meier median stay in days (null when fewer than half the stays have ended). */
  medianDays: number | null;
  lognormal: { medianDays: number; sigma: number } | null;
  /** The model written into the calibrated pathway (null: baseline kept). */
  duration: DurationModel | null;
  /** Estimated routing probability by event (Aalen-Johansen, so open stays are not ignored). */
  weights: Record<string, number>;
  /** Max and p95 of the daily concurrent stock over the whole log (a lower bound on capacity). */
  observedCapacity: { max: number; p95: number };
  /** Configured capacity, the last 12 months' caseload (median, p95, max), utilisation and a proposal. */
  capacity: CapacityReport;
  keptBaseline: boolean;
}

/** The calibrated pathway, the estimates behind it, and what the fit check needs. */
export interface CalibrationResult {
  pathway: PathwayDefinition;
  compiled: CompiledPathway;
  from: string;
  /** Arrivals are counted from here (after the re-referrals of cases closed before `from`). */
  arrivalsFrom: string;
  asOf: string;
  /** `trend`: the fitted growth a year with its 90% interval; `trendPerYear` is what the model uses. */
  arrivals: ArrivalFit & { cases: number };
  stages: StageCalibration[];
  /** Stays whose next stage the pathway cannot reach from theirs (ignored for routing). */
  unmatchedMoves: number;
  /** Weekly historical stock per stage from `fitFrom`, and the open stock there to start a run from. */
  history: { startDate: string; times: string[]; stock: Record<string, number[]>; initialStock: LiveCase[] };
  notes: string[];
}

/**
 * Estimates a pathway's simulation parameters from recorded stays: arrival rate and monthly
 * seasonality, routing weights, duration distributions (open stays right-censored), and observed
 * capacity. Pure: plain records in, a new pathway definition out (validated by compiling it).
 * @example const cal = calibrate({ pathway: defaultPathway, intervals: await store.intervals.openStock() })
 */
export function calibrate(options: CalibrationOptions): CalibrationResult {
  const baseline = toCompiled(options.pathway);
  const def = cloneDefinition(baseline.definition);
  const minStays = options.minStays ?? 30;
  const n = baseline.stages.length;
  const problems: SimulationProblem[] = [];

  // One pass: normalise records, group per stage, find each case's first stay.
  const stays: { s: number; start: number; end: number | null; to: number; event: string | null }[] = [];
  const firstStay = new Map<string | number, { start: number; s: number }>();
  let latest = Number.NEGATIVE_INFINITY;
  let earliest = Number.POSITIVE_INFINITY;
  let unmatched = 0;
  let index = 0;
  for (const r of options.intervals) {
    const s = baseline.stageIndex.get(r.stage);
    if (s === undefined) {
      if (problems.length < 20)
        problems.push({
          path: ['intervals', index, 'stage'],
          code: 'unknown_stage',
          message: `Stage "${r.stage}" is not in pathway "${baseline.definition.id}".`,
        });
      index++;
      continue;
    }
    const start = toMs(r.enteredAt);
    const end = r.exitedAt === null ? null : toMs(r.exitedAt);
    const to = r.nextStage === null ? -1 : (baseline.stageIndex.get(r.nextStage) ?? -2);
    stays.push({ s, start, end, to, event: r.exitEvent ?? null });
    earliest = Math.min(earliest, start);
    latest = Math.max(latest, end ?? start);
    const first = firstStay.get(r.caseId);
    if (first === undefined || start < first.start) firstStay.set(r.caseId, { start, s });
    index++;
  }
  if (problems.length > 0) throw new SimulationInputError(problems);
  if (stays.length === 0)
    throw new SimulationInputError([
      { path: ['intervals'], code: 'no_data', message: 'There are no recorded stays to calibrate from.' },
    ]);
  const asOf = options.asOf === undefined ? latest : toMs(options.asOf);

  // Arrivals: cases whose first stay is at the entry stage, by calendar month with exposure.
  const entry = baseline.stageIndex.get(def.entry)!;
  const starts: number[] = [];
  for (const f of firstStay.values()) if (f.s === entry && f.start <= asOf) starts.push(f.start);
  const cases = starts.length;
  const arrivalsFrom = arrivalsWindowStart(stays, def, entry, earliest, asOf);
  const fit = fitArrivals(starts, arrivalsFrom, asOf);
  const perYear = round(fit.perYear);
  const seasonality = fit.seasonality.map(round);
  def.arrivals = { ...def.arrivals, perYear, seasonality, trendPerYear: round(fit.trendPerYear) };

  // Per stage: survival with competing destinations, durations, weights, concurrent stock.
  const byStage = Array.from({ length: n }, () => [] as typeof stays);
  for (const st of stays) byStage[st.s]!.push(st);
  const fitFrom =
    options.fitFrom !== undefined ? toMs(options.fitFrom) : Math.max(earliest, asOf - 365.25 * DAY);
  const weeks = Math.max(1, Math.floor((asOf - fitFrom) / (7 * DAY)));
  const history: Record<string, number[]> = {};
  const initialStock: LiveCase[] = [];
  const results: StageCalibration[] = baseline.stages.map((stageId, s) => {
    const list = byStage[s]!;
    const stage = def.stages[s]!;
    const moves = baseline
      .allowedEvents(stageId)
      .map((e) => ({ event: e, to: baseline.stageIndex.get(baseline.next(stageId, e)!)! }))
      .filter((m) => m.to !== s);
    const causeOf = (st: (typeof list)[number]): number => {
      if (st.end === null || st.end > asOf) return -1;
      if (st.event !== null) {
        const k = moves.findIndex((m) => m.event === st.event && m.to === st.to);
        if (k >= 0) return k;
      }
      const k = moves.findIndex((m) => m.to === st.to);
      if (k < 0) unmatched++;
      return k < 0 ? -1 : k;
    };
    const durations = new Float64Array(list.length);
    const cause = new Int32Array(list.length);
    list.forEach((st, i) => {
      cause[i] = causeOf(st);
      durations[i] = Math.max(
        0,
        ((cause[i]! >= 0 ? st.end! : Math.min(st.end ?? asOf, asOf)) - st.start) / DAY,
      );
    });
    const fit = kaplanMeier(durations, cause, moves.length);
    const completed = fit.events;
    const keptBaseline = list.length < minStays || completed === 0;
    const weights: Record<string, number> = {};
    let duration: DurationModel | null = null;
    let lognormal: StageCalibration['lognormal'] = null;
    if (!keptBaseline) {
      const totalIncidence = fit.incidence.reduce((a, b) => a + b, 0);
      moves.forEach((m, k) => {
        // A terminal stage's weights are probabilities (the rest leave); others are shares of exits.
        const w = stage.terminal ? fit.incidence[k]! : fit.incidence[k]! / totalIncidence;
        weights[m.event] = round(w);
        applyWeight(def, { from: stageId, event: m.event, weight: round(w) }, [], []);
      });
      if (stage.terminal) {
        // Time to re-referral among those re-referred: F(t) / p from the KM curve.
        duration = conditionalEmpirical(fit, totalIncidence);
      } else {
        const open = Uint8Array.from(cause, (k) => (k < 0 ? 1 : 0));
        lognormal = lognormalMle(
          durations,
          Array.from(open, (x) => x === 1),
        );
        const reaches = kmQuantile(fit, 0.98) !== undefined;
        const mode = options.durationModel ?? 'auto';
        duration =
          mode === 'empirical' || (mode === 'auto' && reaches)
            ? empiricalFrom(fit)
            : { type: 'lognormal', medianDays: round(lognormal.medianDays), sigma: round(lognormal.sigma) };
      }
      if (duration !== null) {
        stage.duration = duration;
        delete stage.durationByDestination;
      }
    }
    const stock = stockSeries(list, earliest, asOf, fitFrom, weeks);
    history[stageId] = stock.weekly;
    for (const st of list)
      if (st.start <= fitFrom && (st.end === null || st.end > fitFrom))
        initialStock.push({ stage: stageId, daysInStage: (fitFrom - st.start) / DAY });
    const observedCapacity = { max: stock.max, p95: stock.p95 };
    const configured = stage.terminal ? undefined : stageCapacity(stage);
    const capacity = capacityReport(stageId, !!stage.terminal, configured, stock.daily, asOf, stage.whenFull);
    if (configured === undefined && !stage.terminal && options.capacity && options.capacity !== 'none') {
      const cap = Math.ceil(options.capacity === 'max' ? capacity.observed.max : capacity.observed.p95);
      if (cap > 0) stage.capacity = cap;
    }
    const median = kmQuantile(fit, 0.5);
    return {
      stage: stageId,
      stays: list.length,
      completed,
      open: fit.censored,
      medianDays: median === undefined ? null : round(median),
      lognormal: lognormal && { medianDays: round(lognormal.medianDays), sigma: round(lognormal.sigma) },
      duration,
      weights,
      observedCapacity,
      capacity,
      keptBaseline,
    };
  });
  let compiled: CompiledPathway;
  try {
    compiled = compile(def);
  } catch (e) {
    throw new SimulationInputError([
      {
        path: ['pathway'],
        code: 'calibration_invalid',
        message: `The calibrated pathway does not compile: ${(e as Error).message}`,
      },
    ]);
  }
  return {
    pathway: compiled.definition,
    compiled,
    from: new Date(earliest).toISOString(),
    arrivalsFrom: new Date(arrivalsFrom).toISOString(),
    asOf: new Date(asOf).toISOString(),
    arrivals: { perYear, seasonality, cases, trendPerYear: round(fit.trendPerYear), trend: fit.trend },
    stages: results,
    unmatchedMoves: unmatched,
    history: {
      startDate: new Date(fitFrom).toISOString().slice(0, 10),
      times: Array.from({ length: weeks }, (_, w) =>
        new Date(fitFrom + (w + 1) * 7 * DAY).toISOString().slice(0, 10),
      ),
      stock: history,
      initialStock,
    },
    notes: [
      'Routing weights are Aalen-Johansen cumulative incidences, so open stays count as at risk rather than being dropped.',
      'Durations: Kaplan-Meier quantiles when at least 98% of stays have ended on the curve, otherwise a lognormal fitted by censored maximum likelihood.',
      "A terminal stage's weights are re-referral probabilities (1 - KM plateau); its duration is the time to re-referral among those re-referred.",
      'Arrivals are cases whose first recorded stay is at the entry stage, counted by calendar month over the days observed: Poisson with a month-of-year effect and a log-linear trend (fitted from two years of history); the trend is applied only when its 90% interval excludes no growth, and the rate is the one at the extract date.',
      'Observed capacity is the concurrent stock (max and 95th percentile of daily values), a lower bound on real capacity.',
      ...capacityNotes(results),
    ],
  };
}

/** What the notes say about capacity: the stages the simulation will treat as unlimited, with proposals. */
function capacityNotes(stages: StageCalibration[]): string[] {
  const none = stages.filter((s) => s.capacity.proposed !== null);
  if (none.length === 0) return [];
  return [
    `No capacity is configured for ${none.map((s) => `"${s.stage}"`).join(', ')}: the simulation treats ${none.length === 1 ? 'it' : 'them'} as unlimited, so capacity scenarios there change nothing until one is set. Proposed (observed p95 of the last 12 months, not applied): ${none.map((s) => `${s.stage} ${s.capacity.proposed}`).join(', ')}.`,
  ];
}

const GRID = [
  0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
  0.95, 0.98, 0.99, 0.995, 0.999,
];

function empiricalFrom(fit: ReturnType<typeof kaplanMeier>): DurationModel {
  const quantiles = GRID.map((p) => ({
    p,
    days: round(p === 0 ? (fit.times[0] ?? 0) : (kmQuantile(fit, p) ?? fit.times.at(-1) ?? 0)),
  }));
  // No p = 1 point at the longest stay seen: one outlier would drag the interpolated tail (and the mean).
  return { type: 'empirical', quantiles };
}

function conditionalEmpirical(fit: ReturnType<typeof kaplanMeier>, total: number): DurationModel | null {
  if (!(total > 0)) return null;
  const quantiles = GRID.filter((p) => p > 0).map((p) => ({
    p,
    days: round(kmQuantile(fit, p * total) ?? fit.times.at(-1) ?? 0),
  }));
  return { type: 'empirical', quantiles: [{ p: 0, days: round(fit.times[0] ?? 0) }, ...quantiles] };
}

/** Daily concurrent stock (max, p95 over [from, asOf]) and weekly values from fitFrom. */
function stockSeries(
  list: { start: number; end: number | null }[],
  from: number,
  asOf: number,
  fitFrom: number,
  weeks: number,
) {
  const changes: number[] = [];
  for (const st of list) {
    changes.push(st.start, 1);
    if (st.end !== null) changes.push(st.end, -1);
  }
  const order = Array.from({ length: changes.length / 2 }, (_, i) => i).sort(
    (a, b) => changes[2 * a]! - changes[2 * b]!,
  );
  const days = Math.max(1, Math.floor((asOf - from) / DAY));
  const daily = new Float64Array(days);
  const weekly: number[] = [];
  let stock = 0;
  let j = 0;
  for (let d = 0; d < days; d++) {
    const t = from + (d + 1) * DAY;
    while (j < order.length && changes[2 * order[j]!]! <= t) stock += changes[2 * order[j++]! + 1]!;
    daily[d] = stock;
  }
  stock = 0;
  j = 0;
  for (let w = 0; w < weeks; w++) {
    const t = fitFrom + (w + 1) * 7 * DAY;
    while (j < order.length && changes[2 * order[j]!]! <= t) stock += changes[2 * order[j++]! + 1]!;
    weekly.push(stock);
  }
  const sorted = Float64Array.from(daily).sort();
  return { max: sorted[sorted.length - 1] ?? 0, p95: percentile(sorted, 0.95), weekly, daily };
}

/**
 * Where arrivals are counted from. A case closed before the extract began and re-referred inside it
 * shows up as a new arrival (its closing is not in the data), so the first months over-count, by
 * less and less: that alone made a steady demo service look 4% a year in decline. Counting starts
 * once 90% of the re-referrals seen have happened (the 90th percentile of time from closing to
 * re-referral), keeping at least the last year.
 */
function arrivalsWindowStart(
  stays: readonly { s: number; start: number; end: number | null; to: number }[],
  def: PathwayDefinition,
  entry: number,
  earliest: number,
  asOf: number,
): number {
  const gaps: number[] = [];
  for (const st of stays) {
    if (st.to === entry && st.end !== null && def.stages[st.s]!.terminal) gaps.push(st.end - st.start);
  }
  if (gaps.length < 30) return earliest;
  gaps.sort((a, b) => a - b);
  return Math.max(earliest, Math.min(earliest + percentile(gaps, 0.9), asOf - 365.25 * DAY));
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
