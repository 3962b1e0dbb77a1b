import {
  type CompiledPathway,
  type OutsideMove,
  type OutsidePathway,
  type ResolvedMove,
  resolveRecordedMoveAt,
} from '@continuum/machines';
import { moveRefused } from '../cases/planMove.ts';
import { unknownNameError } from './unknownNameError.ts';

/**
 * The move a row continuing a case asks for, decided by the one move rule for recorded history
 * (`resolveRecordedMoveAt`: an API move's rule, plus `outside` for a move by stage the pathway
 * lacks); a refusal becomes the same StoreError the API gives, with `stage` as the target field.
 * Names the pathway does not know are refused first, without repeating PII-looking ones.
 */
export function rowMove(
  p: CompiledPathway,
  fromIndex: number,
  stage: string,
  event: string | null,
  outside: OutsidePathway = 'reject',
): ResolvedMove | OutsideMove {
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
  const move = resolveRecordedMoveAt(p, fromIndex, eventIndex, to, outside);
  if (!move.ok) throw moveRefused(move, 'stage');
  return move;
}
