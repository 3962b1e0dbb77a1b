import { ancestorsOf, type PathwayDefinition } from '@continuum/machines';
import type { SimulationProblem } from '../errors.ts';

/** A routing weight override for one move as a stage sees it (group moves included). */
export interface WeightOverride {
  from: string;
  event: string;
  weight: number;
}

/** Sets a stage's routing weight for one event on a mutable definition (a group move via weightBySource). */
export function applyWeight(
  def: PathwayDefinition,
  w: WeightOverride,
  path: (string | number)[],
  problems: SimulationProblem[],
): void {
  if (!(w.weight >= 0)) {
    problems.push({
      path: [...path, 'weight'],
      code: 'negative_weight',
      message: `The weight of "${w.event}" from "${w.from}" must be 0 or more.`,
    });
    return;
  }
  // The move the stage would take for this event: its own, else the nearest group's.
  for (const source of [w.from, ...ancestorsOf(def, w.from)]) {
    const t = def.transitions.find((x) => x.from === source && x.event === w.event);
    if (!t) continue;
    if (source === w.from) t.weight = w.weight;
    else t.weightBySource = { ...t.weightBySource, [w.from]: w.weight };
    return;
  }
  problems.push({
    path,
    code: 'unknown_move',
    message: `"${w.from}" has no move "${w.event}", so its weight cannot be set.`,
  });
}
