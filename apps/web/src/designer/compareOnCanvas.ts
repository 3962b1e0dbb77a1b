import type { Draft } from './draftModel.ts';

/** How an element differs from the earlier version. */
export type ChangeMark = 'added' | 'changed' | 'removed';

/** The later version with the earlier version's removed stages and moves put back (to be drawn ghosted). */
export interface CanvasComparison {
  draft: Draft;
  stages: Map<string, ChangeMark>;
  /** By the move's index in `draft.transitions`. */
  moves: Map<number, ChangeMark>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const moveId = (t: Draft['transitions'][number]) => `${t.from}|${t.event}`;

/** Marks what was added, changed and removed from `before` to `after`, on one drawable pathway. */
export function compareOnCanvas(before: Draft, after: Draft): CanvasComparison {
  const oldStages = new Map(before.stages.map((s) => [s.id, s]));
  const newIds = new Set(after.stages.map((s) => s.id));
  const stages = new Map<string, ChangeMark>();
  for (const s of after.stages) {
    const old = oldStages.get(s.id);
    if (!old) stages.set(s.id, 'added');
    else if (!same(old, s)) stages.set(s.id, 'changed');
  }
  const removedStages = before.stages.filter((s) => !newIds.has(s.id));
  for (const s of removedStages) stages.set(s.id, 'removed');
  const oldMoves = new Map(before.transitions.map((t) => [moveId(t), t]));
  const newMoveIds = new Set(after.transitions.map(moveId));
  const removedMoves = before.transitions.filter((t) => !newMoveIds.has(moveId(t)));
  const transitions = [...after.transitions, ...removedMoves];
  const moves = new Map<number, ChangeMark>();
  transitions.forEach((t, i) => {
    if (i >= after.transitions.length) moves.set(i, 'removed');
    else {
      const old = oldMoves.get(moveId(t));
      if (!old) moves.set(i, 'added');
      else if (!same(old, t)) moves.set(i, 'changed');
    }
  });
  const groupIds = new Set((after.groups ?? []).map((g) => g.id));
  const groups = [...(after.groups ?? []), ...(before.groups ?? []).filter((g) => !groupIds.has(g.id))];
  return {
    draft: { ...after, stages: [...after.stages, ...removedStages], transitions, groups },
    stages,
    moves,
  };
}
