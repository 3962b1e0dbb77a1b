import { NONE } from '../columnar/IntervalIndex.ts';

/** One move the pathway lacks, made in the period by imported history (stored flagged). */
export interface ConformanceMove {
  from: string;
  to: string;
  moves: number;
}

/** A stage's moves outside the pathway in the period: out of it and into it. */
export interface ConformanceStage {
  stage: string;
  movesOut: number;
  movesIn: number;
}

/**
 * Conformance of the recorded history to the pathway: the moves outside it (imported history the
 * pathway lacks a move for, stored flagged), per move and per stage, in the period.
 */
export interface Conformance {
  /** All moves outside the pathway in the period (the sum of `moves`). */
  total: number;
  moves: ConformanceMove[];
  /** Stages with at least one such move, out of or into them. */
  stages: ConformanceStage[];
}

/**
 * Conformance from the map's move counts by event: a stay that ended with a next stage but no exit
 * event is a move outside the pathway (the store writes no event for exactly those moves: a live
 * move and a move to another version always name one). `moveEvents[(s * (S + 1) + t) * (E + 1)]`
 * counts the moves from stage s to t with no event; `order` lists stages in display order.
 */
export function conformanceOf(
  moveEvents: Int32Array,
  stageCount: number,
  eventCount: number,
  order: readonly number[],
  stageId: (s: number) => string,
): Conformance {
  const S1 = stageCount + 1;
  const moves: ConformanceMove[] = [];
  const out = new Map<number, number>();
  const into = new Map<number, number>();
  let total = 0;
  for (const s of order) {
    for (const t of order) {
      const n = moveEvents[(s * S1 + t) * (eventCount + 1) + (NONE + 1)]!;
      if (n === 0) continue;
      moves.push({ from: stageId(s), to: stageId(t), moves: n });
      out.set(s, (out.get(s) ?? 0) + n);
      into.set(t, (into.get(t) ?? 0) + n);
      total += n;
    }
  }
  const stages = order
    .filter((s) => out.has(s) || into.has(s))
    .map((s) => ({ stage: stageId(s), movesOut: out.get(s) ?? 0, movesIn: into.get(s) ?? 0 }));
  return { total, moves, stages };
}
