import { type CompiledPathway, type OutsidePathway, resolveRecordedMove } from '@continuum/machines';

/** Re-exported: the option every importer takes for a recorded move the pathway lacks. */
export type { OutsidePathway };

/**
 * How an importer walking a source's recorded stays moves a case from `from` to `to`, by the one
 * move rule (`resolveRecordedMove`, by target stage; record-only events never move): the pathway's
 * one event, `outside` when the pathway has no move between the two (the importer then flags it
 * with an empty event, which ingest stores flagged, or rejects its row), or `refused` with the
 * rule's reason (several events lead there, or a stage the pathway lacks).
 */
export function recordedMove(
  pathway: CompiledPathway,
  from: string,
  to: string,
): { event: string } | { outside: true } | { refused: string } {
  const move = resolveRecordedMove(pathway, from, to, 'flag');
  if (!move.ok) return { refused: move.message };
  return 'outside' in move ? { outside: true } : { event: move.event };
}
