import { applyScenario, type Scenario } from './applyScenario.ts';
import { BaselineCache } from './BaselineCache.ts';
import { SCALAR, type ScalarName } from '../engine/ReplicationResult.ts';
import { runReplications } from '../run/runReplications.ts';
import { describe, prepareRun, type SimulationOptions, type SimulationResult } from '../run/runSimulation.ts';
import { toCompiled } from '../engine/SimModel.ts';
import { round3, summarise, type Stat } from '../run/stats.ts';

/** Per-stage differences (scenario minus baseline), paired by replication. */
export interface StageDifference {
  stage: string;
  /** True for a stage the scenario adds (the baseline counts as 0 there). */
  added: boolean;
  stats: Record<ScalarName, Stat>;
  /** Difference of the mean stock series (scenario mean - baseline mean). */
  stockMean: number[];
}

/** A scenario run beside its baseline with common random numbers, and their paired differences. */
export interface ScenarioComparison {
  baseline: SimulationResult;
  scenario: SimulationResult;
  difference: { stages: StageDifference[]; totalCost: Stat; arrivals: Stat };
}

/**
 * Runs the baseline and the scenario with the same seed for each replication. Every stage keeps its
 * own random streams, so the two runs see the same arrivals and the same draws wherever the
 * scenario changed nothing; the paired differences then have far smaller intervals than two
 * independent runs would give (the CRN variance reduction). With `baselines`, a baseline already
 * run with the same model, settings and replications is reused instead of run again (same result).
 */
export async function compareScenario(
  options: SimulationOptions & { scenario: Scenario; baselines?: BaselineCache },
): Promise<ScenarioComparison> {
  const baseCompiled = toCompiled(options.pathway);
  const scenarioCompiled = applyScenario(baseCompiled, options.scenario);
  const { scenario: _, baselines, signal, onProgress, workers, pool: threads, ...rest } = options;
  const base = prepareRun({ ...rest, pathway: baseCompiled });
  const alt = prepareRun({ ...rest, pathway: scenarioCompiled });
  const total = base.replications * 2;
  const pool = (offset: number) => ({
    replications: base.replications,
    ...(workers !== undefined ? { workers } : {}),
    ...(threads ? { pool: threads } : {}),
    ...(signal ? { signal } : {}),
    onProgress: (done: number) => onProgress?.(offset + done, total),
  });
  // Both aggregators hold their replications in order, so row i of each is the same seed.
  const key = baselines && BaselineCache.keyOf(base.model, base.settings, base.replications);
  let baseAgg = key === undefined ? undefined : baselines?.get(key);
  if (baseAgg) onProgress?.(base.replications, total);
  else {
    baseAgg = await runReplications(base.model, base.settings, pool(0));
    if (key !== undefined) baselines?.set(key, baseAgg);
  }
  const altAgg = await runReplications(alt.model, alt.settings, pool(base.replications));
  const paired = (alt: readonly number[], base: readonly number[] | undefined) =>
    summarise(alt.map((x, i) => x - (base?.[i] ?? 0)));
  const baseline = describe(base, baseAgg.result());
  const scenario = describe(alt, altAgg.result());
  const nBase = base.model.stages.length;
  const stages = alt.model.stages.map((stage, s) => {
    const added = s >= nBase;
    const stats = Object.fromEntries(
      (Object.keys(SCALAR) as ScalarName[]).map((name) => {
        const k = SCALAR[name];
        return [name, paired(altAgg.column(s, k), added ? undefined : baseAgg.column(s, k))];
      }),
    ) as Record<ScalarName, Stat>;
    const altStock = scenario.stages[s]!.stock.mean;
    const baseStock = added ? undefined : baseline.stages[s]!.stock.mean;
    return { stage, added, stats, stockMean: altStock.map((x, b) => round3(x - (baseStock?.[b] ?? 0))) };
  });
  return {
    baseline,
    scenario,
    difference: {
      stages,
      totalCost: paired(altAgg.costs(), baseAgg.costs()),
      arrivals: paired(altAgg.arrivalCounts(), baseAgg.arrivalCounts()),
    },
  };
}
