import { type CompiledPathway, type ResolvedMove, resolveMoveAt } from '@continuum/machines';
import { moveRefused } from '../cases/planMove.ts';
import { unknownNameError } from './unknownNameError.ts';

/**
 * The move a row continuing a case asks for, decided by the one move rule (`resolveMoveAt`, as an
 * API move is); a refusal becomes the same StoreError the API gives, with `stage` as the target
 * field. Names the pathway does not know are refused first, without repeating PII-looking ones.
 */
export function rowMove(
  p: CompiledPathway,
  fromIndex: number,
  stage: string,
  event: string | null,
): ResolvedMove {
  const to = p.stageIndex.get(stage);
  if (to === undefined)
    throw unknownNameError('unknown_stage', 'stage', stage, 'is not a stage of the pathway.');
  let eventIndex = -1;
  if (event !== null) {
    const e = p.eventIndex.get(event);
    if (e === undefined)
      throw unknownNameError('unknown_event', 'event', event, 'is not an event of the pathway.');
    eventIndex = e;
  }
  const move = resolveMoveAt(p, fromIndex, eventIndex, to);
  if (!move.ok) throw moveRefused(move, 'stage');
  return move;
}
