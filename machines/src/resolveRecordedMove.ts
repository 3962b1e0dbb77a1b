import type { CompiledPathway } from './compile.ts';
import { type MoveRefusal, type ResolvedMove, resolveMove, resolveMoveAt } from './resolveMove.ts';

/**
 * What an import does with history that records a move the pathway lacks (decision 9): `flag`
 * stores it as recorded, flagged outside the pathway; `reject` refuses the row with the reason.
 */
export type OutsidePathway = 'flag' | 'reject';

/** A recorded move the pathway lacks, kept as the source records it: no event, flagged. */
export interface OutsideMove {
  readonly ok: true;
  readonly outside: true;
  readonly toStage: string;
  readonly toIndex: number;
  readonly changesStage: true;
  readonly terminal: boolean;
}

/**
 * The one move rule for imported history: `resolveMoveAt`, except that with `flag` a move by target
 * stage alone that the pathway has no event for (an `illegal_move` with no candidate) is kept as an
 * OutsideMove. A named event, an ambiguous target, a move to the stage the case is in, and every
 * live move (which never calls this) stay refused.
 */
export function resolveRecordedMoveAt(
  p: CompiledPathway,
  fromIndex: number,
  eventIndex: number,
  toIndex: number,
  outside: OutsidePathway,
): ResolvedMove | OutsideMove | MoveRefusal {
  const move = resolveMoveAt(p, fromIndex, eventIndex, toIndex);
  if (move.ok || outside === 'reject' || !isOutside(move, fromIndex, eventIndex, toIndex)) return move;
  return {
    ok: true,
    outside: true,
    toStage: p.stages[toIndex]!,
    toIndex,
    changesStage: true,
    terminal: p.definition.stages[toIndex]!.terminal === true,
  };
}

/**
 * `resolveRecordedMoveAt` by stage names, for importers walking a source's recorded stays: the move
 * from `from` to `to` by target stage. Unknown stages are refused as `resolveMove` refuses them.
 * @example resolveRecordedMove(pathway, 'assessment', 'looked_after', 'flag')
 */
export function resolveRecordedMove(
  p: CompiledPathway,
  from: string,
  to: string,
  outside: OutsidePathway,
): ResolvedMove | OutsideMove | MoveRefusal {
  const fromIndex = p.stageIndex.get(from);
  const toIndex = p.stageIndex.get(to);
  if (fromIndex === undefined || toIndex === undefined) return resolveMove(p, from, { toStage: to });
  return resolveRecordedMoveAt(p, fromIndex, -1, toIndex, outside);
}

/** The reason an import gives for a move the pathway lacks (the same words in every report). */
export function outsidePathwayReason(from: string, to: string): string {
  return `the pathway has no move from ${from} to ${to}`;
}

function isOutside(move: MoveRefusal, fromIndex: number, eventIndex: number, toIndex: number): boolean {
  return (
    move.code === 'illegal_move' &&
    move.candidates === undefined &&
    eventIndex < 0 &&
    toIndex >= 0 &&
    toIndex !== fromIndex
  );
}
