import { calibrate, type CalibrationOptions, type IntervalRecord } from '../calibration/calibrate.ts';
import type { Band } from '../run/Aggregator.ts';
import { runReplications, type PoolOptions } from '../run/runReplications.ts';
import { prepareRun } from '../run/runSimulation.ts';
import { toMs } from '../engine/calendar.ts';
import { censorIntervals } from './censorIntervals.ts';
import { observedSeries } from './observedSeries.ts';

/** A backtest "month": the simulator's 30.4375 days (periods from T, not calendar months). */
export const BACKTEST_MONTH_DAYS = 30.4375;
/** Stages with at least this mean recorded stock are the ones a backtest's accuracy is judged on. */
export const BACKTEST_MIN_STOCK = 20;

/** What a backtest needs: the full history, the date to stand at, and how far to look ahead. */
export interface BacktestOptions
  extends Pick<CalibrationOptions, 'pathway' | 'durationModel' | 'minStays'>,
    Omit<PoolOptions, 'replications'> {
  /** Every recorded stay (before and after `at`); only those before `at` are used to calibrate. */
  intervals: Iterable<IntervalRecord>;
  /** T: calibrate on the history before it, simulate from the caseload open at it (ISO or ms). */
  at: string | number;
  /** Months (of 30.4375 days) simulated and compared; default 12. */
  months?: number;
  replications?: number;
  seed?: number;
}

/** One stage: what happened, what the simulation from T said, and how far apart they are. */
export interface BacktestStage {
  stage: string;
  terminal: boolean;
  /** Cases open at T (the simulation's starting stock). */
  openAtT: number;
  /** Recorded stock at each month end and the simulated band; null for a terminal stage (its recorded stock is every closed case, the simulator's only those who will return). */
  stock: { actual: number[]; simulated: Band } | null;
  /** Recorded and simulated entries per month. */
  entries: { actual: number[]; simulated: Band };
  /** Mean absolute percentage error of the simulated mean against the record (months with a recorded 0 skipped). */
  stockMape: number | null;
  entriesMape: number | null;
  /** Share of recorded monthly points inside the simulated 90% band. */
  stockCoverage: number | null;
  entriesCoverage: number | null;
  /** Mean recorded stock over the months; the stage counts in the summary when it is at least `BACKTEST_MIN_STOCK`. */
  meanActualStock: number | null;
  assessed: boolean;
}

/** A backtest's answer: per stage comparisons, and a summary over the stages with enough cases. */
export interface BacktestResult {
  at: string;
  months: number;
  monthDays: number;
  /** ISO date at the end of each month. */
  times: string[];
  replications: number;
  seed: number;
  /** What calibration on the history before T found (arrivals a year, its window). */
  calibration: { from: string; asOf: string; arrivalsPerYear: number; trendPerYear: number };
  stages: BacktestStage[];
  summary: {
    /** Largest stock MAPE among the assessed stages (null: none assessed). */
    maxStockMape: number | null;
    /** Share of the assessed stages' recorded monthly points (stock and entries) inside the band. */
    coverage: number | null;
    assessedStages: string[];
  };
  notes: string[];
}

/**
 * Calibrates on the history before T, simulates from the caseload open at T for N months, and
 * compares with what the record shows happened: monthly stock and entries per stage, MAPE, and the
 * share of recorded points inside the 90% band (mean +/- 1.645 s.d. across replications).
 * @example const b = await backtest({ pathway, intervals, at: '2024-01-01', months: 12 })
 */
export async function backtest(options: BacktestOptions): Promise<BacktestResult> {
  const at = toMs(options.at);
  const months = options.months ?? 12;
  const intervals = Array.isArray(options.intervals) ? options.intervals : [...options.intervals];
  const cal = calibrate({
    pathway: options.pathway,
    intervals: censorIntervals(intervals, at),
    asOf: at,
    ...(options.durationModel ? { durationModel: options.durationModel } : {}),
    ...(options.minStays !== undefined ? { minStays: options.minStays } : {}),
  });
  const stages = cal.compiled.stages;
  const observed = observedSeries(intervals, stages, at, months, BACKTEST_MONTH_DAYS);
  const prepared = prepareRun({
    pathway: cal.compiled,
    initialStock: observed.initialStock,
    startDate: new Date(at).toISOString(),
    warmupDays: 0,
    horizonDays: months * BACKTEST_MONTH_DAYS,
    replications: options.replications ?? 100,
    seed: options.seed ?? 1,
  });
  const settings = { ...prepared.settings, bucketDays: BACKTEST_MONTH_DAYS };
  const aggregate = (
    await runReplications(prepared.model, settings, {
      replications: prepared.replications,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.pool ? { pool: options.pool } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    })
  ).result();
  const openAtT = new Map<string, number>();
  for (const c of observed.initialStock) openAtT.set(c.stage, (openAtT.get(c.stage) ?? 0) + 1);
  const rows = aggregate.stages.map((sim, s): BacktestStage => {
    const terminal = !!cal.compiled.definition.stages[s]!.terminal;
    const actualStock = observed.stock.get(sim.stage)!;
    const actualEntries = observed.entries.get(sim.stage)!;
    const meanActualStock = terminal ? null : actualStock.reduce((a, b) => a + b, 0) / months;
    return {
      stage: sim.stage,
      terminal,
      openAtT: openAtT.get(sim.stage) ?? 0,
      stock: terminal ? null : { actual: actualStock, simulated: sim.stock },
      entries: { actual: actualEntries, simulated: sim.entries },
      stockMape: terminal ? null : mape(actualStock, sim.stock.mean),
      entriesMape: mape(actualEntries, sim.entries.mean),
      stockCoverage: terminal ? null : coverage(actualStock, sim.stock).share,
      entriesCoverage: coverage(actualEntries, sim.entries).share,
      meanActualStock: meanActualStock === null ? null : round(meanActualStock),
      assessed: meanActualStock !== null && meanActualStock >= BACKTEST_MIN_STOCK,
    };
  });
  const assessed = rows.filter((r) => r.assessed);
  let inside = 0;
  let points = 0;
  for (const r of assessed) {
    const s = coverage(r.stock!.actual, r.stock!.simulated);
    const e = coverage(r.entries.actual, r.entries.simulated);
    inside += s.inside + e.inside;
    points += s.points + e.points;
  }
  const mapes = assessed.map((r) => r.stockMape).filter((x): x is number => x !== null);
  return {
    at: new Date(at).toISOString(),
    months,
    monthDays: BACKTEST_MONTH_DAYS,
    times: Array.from({ length: months }, (_, k) =>
      new Date(at + (k + 1) * BACKTEST_MONTH_DAYS * 86_400_000).toISOString().slice(0, 10),
    ),
    replications: aggregate.replications,
    seed: settings.seed,
    calibration: {
      from: cal.from,
      asOf: cal.asOf,
      arrivalsPerYear: cal.arrivals.perYear,
      trendPerYear: cal.arrivals.trendPerYear,
    },
    stages: rows,
    summary: {
      maxStockMape: mapes.length > 0 ? Math.max(...mapes) : null,
      coverage: points > 0 ? round(inside / points) : null,
      assessedStages: assessed.map((r) => r.stage),
    },
    notes: [
      `Calibrated on the stays recorded before ${new Date(at).toISOString().slice(0, 10)} (stays open then treated as open), simulated from the cases open then.`,
      `Months are ${BACKTEST_MONTH_DAYS}-day periods from T; stock is counted at each period's end, entries in [start, end).`,
      'The band is the simulated mean +/- 1.645 s.d. across replications (90% under a normal approximation); it does not include the uncertainty of the calibrated parameters.',
      `The summary judges stages with a mean recorded stock of at least ${BACKTEST_MIN_STOCK}; a terminal stage's stock is not compared (the record counts every closed case, the simulator only those who will return).`,
    ],
  };
}

function mape(actual: readonly number[], simulated: readonly number[]): number | null {
  let sum = 0;
  let n = 0;
  actual.forEach((a, k) => {
    if (a > 0) {
      sum += Math.abs((simulated[k] ?? 0) - a) / a;
      n++;
    }
  });
  return n > 0 ? round(sum / n) : null;
}

function coverage(
  actual: readonly number[],
  band: Band,
): { inside: number; points: number; share: number | null } {
  let inside = 0;
  actual.forEach((a, k) => {
    if (a >= band.lo[k]! && a <= band.hi[k]!) inside++;
  });
  return { inside, points: actual.length, share: actual.length > 0 ? round(inside / actual.length) : null };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
