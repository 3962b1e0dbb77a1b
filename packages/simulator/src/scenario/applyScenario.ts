import {
  compile,
  InvalidPathwayError,
  type CompiledPathway,
  type DurationModel,
  type PathwayDefinition,
  type PathwayDefinitionInput,
  type Staffing,
  type WhenFull,
} from '@continuum/machines';
import { stageCapacity } from '../engine/stageCapacity.ts';
import { applyWeight, type WeightOverride } from './applyWeight.ts';
import { scaleMoveShare, type WeightMultiplier } from './scaleMoveShare.ts';
import { SimulationInputError, type SimulationProblem } from '../errors.ts';

/** A new stage with the moves into and out of it (e.g. an intensive fostering service). */
export interface NewStage {
  stage: PathwayDefinitionInput['stages'][number];
  moves: PathwayDefinitionInput['transitions'][number][];
}

/**
 * A what-if: overrides on a baseline pathway. New stages are appended after the existing ones so
 * every existing stage keeps its index, hence its random streams (common random numbers).
 */
export interface Scenario {
  name?: string;
  /** Replaces the baseline's arrivals per year (applied before arrivalMultiplier). */
  arrivalsPerYear?: number;
  /** Multiplies the baseline's arrivals per year (1.1 = demand up 10%). */
  arrivalMultiplier?: number;
  /** Replaces the demand trend: growth a year as a fraction (0.05 = arrivals +5% a year, compounding). */
  arrivalTrendPerYear?: number;
  /** Absolute capacities by stage; null removes the limit. */
  capacity?: Record<string, number | null>;
  /**
   * Multiplies a stage's capacity (rounded, at least 1): "early help capacity +20%" is 1.2. On a
   * staffed stage it multiplies the workers (the caseload per worker is kept).
   */
  capacityMultiplier?: Record<string, number>;
  /** Changes a stage's staffing: the fields given replace the baseline's (a stage without staffing needs both). */
  staffing?: Record<string, Partial<Staffing>>;
  /** Changes (or adds) what waiting cases do when a stage is full; null: they wait, forever patient. */
  whenFull?: Record<string, WhenFull | null>;
  weights?: WeightOverride[];
  /**
   * Scales the share of one move out of a stage ("10% more step-downs from child in need": factor
   * 1.1); the stage's other moves are scaled down together so the shares still add up as before.
   */
  weightMultipliers?: WeightMultiplier[];
  /** Replaces a stage's duration model (its per-destination models are kept). */
  durations?: Record<string, DurationModel>;
  /** Scales every duration model of a stage (0.9 = stays 10% shorter). */
  durationMultiplier?: Record<string, number>;
  newStages?: NewStage[];
}

/**
 * Applies a scenario to a compiled baseline and compiles the result, so a scenario can never
 * produce an illegal pathway; every problem (unknown stage, unknown move, invalid result) is listed.
 */
export function applyScenario(baseline: CompiledPathway, scenario: Scenario): CompiledPathway {
  const def = cloneDefinition(baseline.definition);
  const problems: SimulationProblem[] = [];
  const stageAt = (id: string, path: (string | number)[]) => {
    const i = def.stages.findIndex((s) => s.id === id);
    if (i < 0)
      problems.push({
        path,
        code: 'unknown_stage',
        message: `"${id}" is not a stage of the baseline pathway.`,
      });
    return i;
  };
  if (scenario.arrivalsPerYear !== undefined) {
    if (!(scenario.arrivalsPerYear >= 0))
      problems.push({
        path: ['arrivalsPerYear'],
        code: 'negative_rate',
        message: 'arrivalsPerYear is a rate and cannot be negative.',
      });
    else def.arrivals = { ...def.arrivals, perYear: scenario.arrivalsPerYear };
  }
  if (scenario.arrivalMultiplier !== undefined) {
    if (!(scenario.arrivalMultiplier >= 0))
      problems.push({
        path: ['arrivalMultiplier'],
        code: 'negative_rate',
        message: 'arrivalMultiplier scales a rate and cannot be negative.',
      });
    else if (def.arrivals)
      def.arrivals = { ...def.arrivals, perYear: def.arrivals.perYear * scenario.arrivalMultiplier };
  }
  if (scenario.arrivalTrendPerYear !== undefined) {
    if (!(scenario.arrivalTrendPerYear > -1 && scenario.arrivalTrendPerYear <= 10))
      problems.push({
        path: ['arrivalTrendPerYear'],
        code: 'invalid_value',
        message: 'arrivalTrendPerYear is growth a year as a fraction (0.05 = +5%); it must be more than -1.',
      });
    else if (def.arrivals) def.arrivals = { ...def.arrivals, trendPerYear: scenario.arrivalTrendPerYear };
  }
  for (const [id, cap] of Object.entries(scenario.capacity ?? {})) {
    const i = stageAt(id, ['capacity', id]);
    if (i < 0) continue;
    if (cap !== null && !(Number.isInteger(cap) && cap > 0))
      problems.push({
        path: ['capacity', id],
        code: 'invalid_value',
        message: `Capacity of "${id}" must be a positive integer or null.`,
      });
    else {
      // an absolute capacity replaces staffing (a stage gives one or the other)
      def.stages[i]!.capacity = cap ?? undefined;
      delete def.stages[i]!.staffing;
    }
  }
  for (const [id, change] of Object.entries(scenario.staffing ?? {})) {
    const i = stageAt(id, ['staffing', id]);
    if (i < 0) continue;
    const stage = def.stages[i]!;
    const workers = change.workers ?? stage.staffing?.workers;
    const casesPerWorker = change.casesPerWorker ?? stage.staffing?.casesPerWorker;
    if (!(workers !== undefined && workers > 0 && casesPerWorker !== undefined && casesPerWorker > 0))
      problems.push({
        path: ['staffing', id],
        code: 'invalid_value',
        message: `Staffing of "${id}" needs workers and cases per worker, both more than 0 (the baseline has ${stage.staffing ? 'them' : 'no staffing'}).`,
      });
    else {
      stage.staffing = { workers, casesPerWorker };
      delete stage.capacity;
    }
  }
  for (const [id, k] of Object.entries(scenario.capacityMultiplier ?? {})) {
    const i = stageAt(id, ['capacityMultiplier', id]);
    if (i < 0) continue;
    const stage = def.stages[i]!;
    const cap = stageCapacity(stage);
    if (!(k > 0))
      problems.push({
        path: ['capacityMultiplier', id],
        code: 'invalid_value',
        message: `The capacity multiplier of "${id}" must be more than 0.`,
      });
    else if (cap === undefined)
      problems.push({
        path: ['capacityMultiplier', id],
        code: 'unlimited_capacity',
        message: `Stage "${id}" has no capacity limit to scale; set capacity or staffing instead (calibration proposes the observed caseload).`,
      });
    else if (stage.staffing && stage.capacity === undefined)
      stage.staffing = { ...stage.staffing, workers: stage.staffing.workers * k };
    else stage.capacity = Math.max(1, Math.round(cap * k));
  }
  for (const [id, rule] of Object.entries(scenario.whenFull ?? {})) {
    const i = stageAt(id, ['whenFull', id]);
    if (i < 0) continue;
    if (rule === null) delete def.stages[i]!.whenFull;
    else def.stages[i]!.whenFull = rule; // checked by the compile below
  }
  for (const [id, model] of Object.entries(scenario.durations ?? {})) {
    const i = stageAt(id, ['durations', id]);
    if (i >= 0) def.stages[i]!.duration = model;
  }
  for (const [id, k] of Object.entries(scenario.durationMultiplier ?? {})) {
    const i = stageAt(id, ['durationMultiplier', id]);
    if (i < 0) continue;
    if (!(k > 0)) {
      problems.push({
        path: ['durationMultiplier', id],
        code: 'invalid_value',
        message: `The duration multiplier of "${id}" must be more than 0.`,
      });
      continue;
    }
    const stage = def.stages[i]!;
    if (stage.duration) stage.duration = scaleDuration(stage.duration, k);
    if (stage.durationByDestination)
      stage.durationByDestination = Object.fromEntries(
        Object.entries(stage.durationByDestination).map(([to, m]) => [to, scaleDuration(m, k)]),
      );
  }
  const newStages = scenario.newStages ?? [];
  newStages.forEach((n, i) => {
    def.stages.push(n.stage as PathwayDefinition['stages'][number]);
    for (const m of n.moves) def.transitions.push(m as PathwayDefinition['transitions'][number]);
    if (!n.moves.some((m) => m.to === n.stage.id))
      problems.push({
        path: ['newStages', i, 'moves'],
        code: 'unreachable_stage',
        message: `No move leads into the new stage "${n.stage.id}".`,
      });
  });
  (scenario.weights ?? []).forEach((w, i) => {
    applyWeight(def, w, ['weights', i], problems);
  });
  (scenario.weightMultipliers ?? []).forEach((m, i) => {
    scaleMoveShare(def, m, ['weightMultipliers', i], problems);
  });
  if (problems.length > 0) throw new SimulationInputError(problems);
  try {
    return compile(def as PathwayDefinitionInput);
  } catch (e) {
    if (e instanceof InvalidPathwayError)
      throw new SimulationInputError(
        e.problems.map((p) => ({
          ...p,
          path: ['scenario', ...p.path],
          message: `With the scenario applied: ${p.message}`,
        })),
      );
    throw e;
  }
}

/** Scales a duration model's time axis by k (shape parameters unchanged). */
export function scaleDuration(m: DurationModel, k: number): DurationModel {
  switch (m.type) {
    case 'exponential':
      return { ...m, meanDays: m.meanDays * k };
    case 'lognormal':
      return { ...m, medianDays: m.medianDays * k };
    case 'gamma':
      return { ...m, scaleDays: m.scaleDays * k };
    case 'empirical':
      return { ...m, quantiles: m.quantiles.map((q) => ({ ...q, days: q.days * k })) };
  }
}

/** A deep copy of a definition to change (JSON round trip: definitions are plain data). */
export function cloneDefinition(def: PathwayDefinition): PathwayDefinition {
  return JSON.parse(JSON.stringify(def)) as PathwayDefinition;
}
