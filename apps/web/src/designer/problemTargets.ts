import type { PathwayProblem } from '@continuum/machines';
import type { Draft } from './draftModel.ts';

/** What a validation problem points at on the canvas. */
export type ProblemTarget =
  | { kind: 'stage'; id: string }
  | { kind: 'transition'; index: number }
  | { kind: 'pathway' };

/** Maps a problem's path (`['stages', 3, 'id']`) to the node or edge that should carry its badge. */
export function problemTarget(draft: Draft, problem: PathwayProblem): ProblemTarget {
  const [head, index] = problem.path;
  if (head === 'stages' && typeof index === 'number') {
    const stage = draft.stages[index];
    if (stage) return { kind: 'stage', id: stage.id };
  }
  if (head === 'transitions' && typeof index === 'number' && draft.transitions[index])
    return { kind: 'transition', index };
  if (head === 'entry') return { kind: 'stage', id: draft.entry };
  return { kind: 'pathway' };
}

/** Problems grouped by stage id and by transition index, for badges. */
export interface ProblemIndex {
  byStage: Map<string, PathwayProblem[]>;
  byTransition: Map<number, PathwayProblem[]>;
}

/** Indexes problems by what they point at, once per validation. */
export function indexProblems(draft: Draft, problems: PathwayProblem[]): ProblemIndex {
  const index: ProblemIndex = { byStage: new Map(), byTransition: new Map() };
  for (const p of problems) {
    const t = problemTarget(draft, p);
    if (t.kind === 'stage') index.byStage.set(t.id, [...(index.byStage.get(t.id) ?? []), p]);
    else if (t.kind === 'transition')
      index.byTransition.set(t.index, [...(index.byTransition.get(t.index) ?? []), p]);
  }
  return index;
}
