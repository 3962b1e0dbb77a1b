import type { CalibrationResult } from './calibrate.ts';
import { runSimulation } from '../run/runSimulation.ts';
import { round3 } from '../run/stats.ts';

/** How well the calibrated model reproduces one stage's recorded stock. */
export interface StageFit {
  stage: string;
  historicalMean: number;
  simulatedMean: number;
  /** (simulated - historical) / historical of the mean stock; null when the history is empty. */
  relativeError: number | null;
  /** Mean absolute error of weekly stock, in cases. */
  meanAbsoluteError: number;
  /** Share of weeks whose recorded stock lies inside the simulated 90% band. */
  coverage: number;
}

/** The calibration's own check: replay the fit window from its recorded open stock and compare. */
export interface FitReport {
  startDate: string;
  weeks: number;
  replications: number;
  stages: StageFit[];
  times: string[];
  simulated: Record<string, { mean: number[]; lo: number[]; hi: number[] }>;
  historical: Record<string, number[]>;
}

/**
 * Simulates the calibrated pathway from the recorded open stock at the start of the fit window to
 * the extract date, and compares weekly stock per stage with what was recorded.
 */
export async function fitReport(
  calibration: CalibrationResult,
  options: { replications?: number; seed?: number; workers?: number; signal?: AbortSignal } = {},
): Promise<FitReport> {
  const { history } = calibration;
  const weeks = history.times.length;
  const result = await runSimulation({
    pathway: calibration.compiled,
    replications: options.replications ?? 20,
    seed: options.seed ?? 1,
    startDate: history.startDate,
    warmupDays: 0,
    horizonDays: weeks * 7,
    resolution: 'weekly',
    initialStock: history.initialStock,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const simulated: FitReport['simulated'] = {};
  const stages = result.stages
    .filter((s) => !calibration.compiled.definition.stages.find((d) => d.id === s.stage)?.terminal)
    .map((s) => {
      const hist = history.stock[s.stage] ?? [];
      simulated[s.stage] = s.stock;
      const w = Math.min(hist.length, s.stock.mean.length);
      let h = 0;
      let m = 0;
      let abs = 0;
      let inside = 0;
      for (let i = 0; i < w; i++) {
        h += hist[i]!;
        m += s.stock.mean[i]!;
        abs += Math.abs(s.stock.mean[i]! - hist[i]!);
        if (hist[i]! >= s.stock.lo[i]! - 0.5 && hist[i]! <= s.stock.hi[i]! + 0.5) inside++;
      }
      const hm = w > 0 ? h / w : 0;
      const sm = w > 0 ? m / w : 0;
      return {
        stage: s.stage,
        historicalMean: round3(hm),
        simulatedMean: round3(sm),
        relativeError: hm > 0 ? round3((sm - hm) / hm) : null,
        meanAbsoluteError: round3(w > 0 ? abs / w : 0),
        coverage: round3(w > 0 ? inside / w : 0),
      };
    });
  return {
    startDate: history.startDate,
    weeks,
    replications: result.replications,
    stages,
    times: result.times,
    simulated,
    historical: history.stock,
  };
}
