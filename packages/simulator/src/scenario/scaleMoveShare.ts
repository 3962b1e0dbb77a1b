import { ancestorsOf, type PathwayDefinition } from '@continuum/machines';
import type { SimulationProblem } from '../errors.ts';
import { applyWeight } from './applyWeight.ts';

/** Scales one move's share of a stage's exits by `factor`; the other moves share the rest. */
export interface WeightMultiplier {
  from: string;
  event: string;
  factor: number;
}

/**
 * The weight each move out of a stage has as that stage sees it: its own moves, then its groups'
 * (the nearest declaration of an event wins, a group move's `weightBySource` entry before its weight).
 */
function effectiveWeights(def: PathwayDefinition, stage: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const source of [stage, ...ancestorsOf(def, stage)])
    for (const t of def.transitions)
      if (t.from === source && !out.has(t.event))
        out.set(t.event, source === stage ? t.weight : (t.weightBySource?.[stage] ?? t.weight));
  return out;
}

/**
 * Multiplies one move's share of a stage's exits by `factor` and scales the stage's other moves so
 * that the total weight is unchanged (their relative shares kept). On a terminal stage the weights
 * are probabilities of coming back, so only the named move changes (at most 1 in all).
 */
export function scaleMoveShare(
  def: PathwayDefinition,
  m: WeightMultiplier,
  path: (string | number)[],
  problems: SimulationProblem[],
): void {
  const weights = effectiveWeights(def, m.from);
  const own = weights.get(m.event);
  if (own === undefined) {
    problems.push({
      path,
      code: 'unknown_move',
      message: `"${m.from}" has no move "${m.event}", so its share cannot be scaled.`,
    });
    return;
  }
  if (!(m.factor >= 0)) {
    problems.push({
      path: [...path, 'factor'],
      code: 'invalid_value',
      message: `The factor for "${m.event}" from "${m.from}" must be 0 or more.`,
    });
    return;
  }
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const terminal = def.stages.find((s) => s.id === m.from)?.terminal === true;
  const scaled = own * m.factor;
  const rest = total - own;
  if (terminal ? scaled > 1 + 1e-9 || scaled + rest > 1 + 1e-9 : scaled > total + 1e-9) {
    problems.push({
      path: [...path, 'factor'],
      code: 'invalid_value',
      message: `A factor of ${m.factor} would give "${m.event}" more than every exit from "${m.from}" (its share is ${total > 0 ? Math.round((own / total) * 1000) / 10 : 0}%).`,
    });
    return;
  }
  applyWeight(def, { from: m.from, event: m.event, weight: scaled }, path, problems);
  if (terminal || rest <= 0) return;
  const k = (total - scaled) / rest;
  for (const [event, w] of weights)
    if (event !== m.event) applyWeight(def, { from: m.from, event, weight: w * k }, path, problems);
}
