import type { Draft } from './draftModel.ts';

/** A changed element: which fields differ, with before and after values. */
export interface Change {
  key: string;
  fields: { field: string; before: unknown; after: unknown }[];
}

/** What changed from one version to another, stage by stage and move by move. */
export interface PathwayDiff {
  stagesAdded: string[];
  stagesRemoved: string[];
  stagesChanged: Change[];
  movesAdded: string[];
  movesRemoved: string[];
  movesChanged: Change[];
}

const moveKey = (t: Draft['transitions'][number]) => `${t.from} —${t.event}→ ${t.to}`;

const fieldChanges = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
    .map((field) => ({ field, before: a[field], after: b[field] }));

/** Compares two pathway versions: stages by id, moves by source and event (the machine's key). */
export function diffPathways(before: Draft, after: Draft): PathwayDiff {
  const diff: PathwayDiff = {
    stagesAdded: [],
    stagesRemoved: [],
    stagesChanged: [],
    movesAdded: [],
    movesRemoved: [],
    movesChanged: [],
  };
  const beforeStages = new Map(before.stages.map((s) => [s.id, s]));
  const afterStages = new Map(after.stages.map((s) => [s.id, s]));
  for (const [id, s] of afterStages) {
    const old = beforeStages.get(id);
    if (!old) diff.stagesAdded.push(id);
    else {
      const fields = fieldChanges(old, s);
      if (fields.length) diff.stagesChanged.push({ key: id, fields });
    }
  }
  for (const id of beforeStages.keys()) if (!afterStages.has(id)) diff.stagesRemoved.push(id);
  const idOf = (t: Draft['transitions'][number]) => `${t.from}|${t.event}`;
  const beforeMoves = new Map(before.transitions.map((t) => [idOf(t), t]));
  const afterMoves = new Map(after.transitions.map((t) => [idOf(t), t]));
  for (const [id, t] of afterMoves) {
    const old = beforeMoves.get(id);
    if (!old) diff.movesAdded.push(moveKey(t));
    else {
      const fields = fieldChanges(old, t);
      if (fields.length) diff.movesChanged.push({ key: moveKey(t), fields });
    }
  }
  for (const [id, t] of beforeMoves) if (!afterMoves.has(id)) diff.movesRemoved.push(moveKey(t));
  return diff;
}

/** True when two versions are the same pathway in every stage and move. */
export const isEmptyDiff = (d: PathwayDiff) => Object.values(d).every((list) => list.length === 0);
