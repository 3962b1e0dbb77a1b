import type { PathwayDefinitionInput } from '@continuum/machines';
import { meanOf } from '../engine/distributions.ts';
import { buildSimModel, toCompiled, type PathwayInput } from '../engine/SimModel.ts';

/** Expected flow through a stage in steady state (no capacity limits). */
export interface StageLoad {
  stage: string;
  /** Entries per day, from the traffic equations (external arrivals plus internal routing). */
  entriesPerDay: number;
  /** Mean stay in days (routing-weighted over destination-specific durations). */
  meanDays: number;
  /** Offered load = entries x mean stay: the mean number of cases in the stage with unlimited capacity. */
  load: number;
}

/**
 * Solves the traffic equations of a pathway (lambda = external + lambda x routing) by fixed-point
 * iteration and returns each stage's offered load: what a capacity has to be compared with.
 */
export function offeredLoad(pathway: PathwayInput): StageLoad[] {
  const model = buildSimModel(toCompiled(pathway));
  const n = model.stages.length;
  const external = new Float64Array(n);
  external[model.entry] = model.arrivalsPerDay;
  let lambda = Float64Array.from(external);
  for (let it = 0; it < 10_000; it++) {
    const next = Float64Array.from(external);
    for (let s = 0; s < n; s++) {
      for (let k = model.moveStart[s]!; k < model.moveStart[s + 1]!; k++) {
        const p = model.moveCum[k]! - (k > model.moveStart[s]! ? model.moveCum[k - 1]! : 0);
        next[model.moveTarget[k]!]! += lambda[s]! * p;
      }
    }
    let change = 0;
    for (let s = 0; s < n; s++) change = Math.max(change, Math.abs(next[s]! - lambda[s]!));
    lambda = next;
    if (change < 1e-12) break;
  }
  return model.stages.map((stage, s) => {
    let meanDays = 0;
    let total = 0;
    for (let k = model.moveStart[s]!; k < model.moveStart[s + 1]!; k++) {
      const p = model.moveCum[k]! - (k > model.moveStart[s]! ? model.moveCum[k - 1]! : 0);
      meanDays += p * meanOf(model.moveDuration[k]!);
      total += p;
    }
    // A terminal stage holds only those who will come back (the rest leave at once).
    const mean = model.terminal[s] ? meanDays : total > 0 ? meanDays / total : 0;
    return { stage, entriesPerDay: lambda[s]!, meanDays: mean, load: lambda[s]! * mean };
  });
}

/**
 * A copy of a pathway with every non-terminal stage's capacity set so its offered load is about
 * `utilisation` of it (e.g. 0.9): the benchmark model, and a starting point for designers. The
 * capacity replaces any staffing (a stage gives one or the other).
 */
export function withCapacitiesAt(
  pathway: PathwayDefinitionInput,
  utilisation: number,
): PathwayDefinitionInput {
  const loads = new Map(offeredLoad(pathway).map((l) => [l.stage, l.load]));
  return {
    ...pathway,
    stages: pathway.stages.map(({ staffing: _replaced, ...s }) =>
      s.terminal ? s : { ...s, capacity: Math.max(1, Math.ceil((loads.get(s.id) ?? 0) / utilisation)) },
    ),
  };
}
