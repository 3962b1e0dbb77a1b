import {
  type CompiledPathway,
  compile,
  effectiveMoves,
  type PathwayDefinitionInput,
  type Timescale,
} from '@continuum/machines';
import { toSpec, type DurationSpec } from './distributions.ts';
import { SimulationInputError, type SimulationProblem } from '../errors.ts';
import { stageCapacity } from './stageCapacity.ts';

/** A pathway as the simulator's entry points take it: compiled already, or a definition to compile (and validate). */
export type PathwayInput = CompiledPathway | PathwayDefinitionInput;

/**
 * A compiled pathway flattened into arrays for the engine: structured-clone safe so it crosses to
 * worker threads without XState, and indexed so the inner loop never touches a Map or a string.
 */
export interface SimModel {
  pathwayId: string;
  stages: string[];
  events: string[];
  entry: number;
  terminal: Uint8Array;
  /** Concurrent cases a stage serves; 0 = unlimited. Terminal stages are never limited. */
  capacity: Int32Array;
  /** Statutory timescale in calendar days; 0 = none. */
  timescaleDays: Float64Array;
  costPerDay: Float64Array;
  /** Moves of stage s are indices moveStart[s] .. moveStart[s+1]-1. */
  moveStart: Int32Array;
  moveTarget: Int32Array;
  moveEvent: Int32Array;
  /** Cumulative routing probability; non-terminal stages end at 1, terminal ones at their total (the rest leave). */
  moveCum: Float64Array;
  moveDuration: DurationSpec[];
  /** Per stage: where a waiting case goes when its patience runs out; -1 = it waits (no `whenFull`). */
  giveUpTarget: Int32Array;
  /** Per stage: the event of that move (a move the machine makes from the stage to the target). */
  giveUpEvent: Int32Array;
  /** Per stage: how long a waiting case waits before giving up (unused where giveUpTarget is -1). */
  patience: DurationSpec[];
  arrivalsPerDay: number;
  /** Monthly multipliers normalised to mean 1, so perYear stays the yearly total. */
  seasonality: number[];
  trendPerYear: number;
  recordEvents: number[];
}

/** Working days become calendar days at 7/5 (no calendar here); months at 30.4375 days. */
export function timescaleToDays(t: Timescale | undefined): number {
  if (t === undefined) return 0;
  if (t.unit === 'working_days') return (t.value * 7) / 5;
  if (t.unit === 'months') return t.value * 30.4375;
  return t.value;
}

/**
 * Builds the engine's model from a compiled pathway. Routing uses `effectiveMoves` weights, and
 * every move is checked against the machine-derived table so the engine can only make legal moves.
 */
export function buildSimModel(compiled: CompiledPathway): SimModel {
  const def = compiled.definition;
  const problems: SimulationProblem[] = [];
  const moves = effectiveMoves(def);
  const n = def.stages.length;
  const moveStart = new Int32Array(n + 1);
  const target: number[] = [];
  const event: number[] = [];
  const cum: number[] = [];
  const durations: DurationSpec[] = [];
  const E = compiled.events.length;
  def.stages.forEach((stage, s) => {
    moveStart[s] = target.length;
    const out = (moves.get(stage.id) ?? []).filter((m) => m.weight > 0);
    const total = out.reduce((sum, m) => sum + m.weight, 0);
    let acc = 0;
    for (const m of out) {
      const to = compiled.stageIndex.get(m.to)!;
      const e = compiled.eventIndex.get(m.event)!;
      if (compiled.table[s * E + e] !== to)
        problems.push({
          path: ['stages', s],
          code: 'illegal_move',
          message: `The machine does not move "${stage.id}" to "${m.to}" on "${m.event}".`,
        });
      acc += stage.terminal ? m.weight : m.weight / total;
      const model = stage.durationByDestination?.[m.to] ?? stage.duration;
      if (model === undefined) {
        problems.push({
          path: ['stages', s, 'duration'],
          code: 'missing_duration',
          message: `Stage "${stage.id}" has no duration model, so a simulated stay there cannot end.`,
        });
      }
      target.push(to);
      event.push(e);
      cum.push(acc);
      durations.push(toSpec(model ?? { type: 'exponential', meanDays: 1 }));
    }
    if (!stage.terminal && out.length > 0) cum[cum.length - 1] = 1;
  });
  moveStart[n] = target.length;
  const giveUpTarget = new Int32Array(n).fill(-1);
  const giveUpEvent = new Int32Array(n).fill(-1);
  const patience: DurationSpec[] = def.stages.map((stage, s) => {
    const rule = stage.whenFull;
    if (rule === undefined || stage.terminal) return toSpec({ type: 'exponential', meanDays: 1 });
    const to = compiled.stageIndex.get(rule.to);
    // the machine's own move from the stage to the target (validation guarantees one exists)
    const e =
      rule.event !== undefined
        ? compiled.eventIndex.get(rule.event)
        : compiled.events.findIndex((_, k) => compiled.table[s * E + k] === to);
    if (to === undefined || e === undefined || e < 0 || compiled.table[s * E + e] !== to)
      problems.push({
        path: ['stages', s, 'whenFull'],
        code: 'give_up_not_a_move',
        message: `The machine has no move from "${stage.id}" to "${rule.to}" for a case that gives up.`,
      });
    else {
      giveUpTarget[s] = to;
      giveUpEvent[s] = e;
    }
    return toSpec(rule.patience);
  });
  const arrivals = def.arrivals;
  if (arrivals === undefined)
    problems.push({
      path: ['arrivals'],
      code: 'missing_arrivals',
      message: 'The pathway has no arrival rate.',
    });
  if (problems.length > 0) throw new SimulationInputError(dedupe(problems));
  const season = arrivals?.seasonality ?? new Array<number>(12).fill(1);
  const seasonMean = season.reduce((a, b) => a + b, 0) / 12;
  return {
    pathwayId: def.id,
    stages: [...compiled.stages],
    events: [...compiled.events],
    entry: compiled.stageIndex.get(def.entry)!,
    terminal: Uint8Array.from(def.stages, (s) => (s.terminal ? 1 : 0)),
    capacity: Int32Array.from(def.stages, (s) => (s.terminal ? 0 : (stageCapacity(s) ?? 0))),
    timescaleDays: Float64Array.from(def.stages, (s) => timescaleToDays(s.timescale)),
    costPerDay: Float64Array.from(def.stages, (s) => s.costPerDay ?? 0),
    moveStart,
    moveTarget: Int32Array.from(target),
    moveEvent: Int32Array.from(event),
    moveCum: Float64Array.from(cum),
    moveDuration: durations,
    giveUpTarget,
    giveUpEvent,
    patience,
    arrivalsPerDay: (arrivals?.perYear ?? 0) / 365.25,
    seasonality: seasonMean > 0 ? season.map((x) => x / seasonMean) : season,
    trendPerYear: arrivals?.trendPerYear ?? 0,
    recordEvents: def.recordEvents.map((e) => compiled.eventIndex.get(e)!),
  };
}

function dedupe(problems: SimulationProblem[]): SimulationProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}:${p.path.join('.')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Accepts a definition or an already compiled pathway. */
export function toCompiled(pathway: PathwayInput): CompiledPathway {
  return 'table' in pathway && 'machine' in pathway ? pathway : compile(pathway);
}
