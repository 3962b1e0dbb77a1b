import type { CompiledPathway } from '@continuum/machines';
import type { StoredPosition } from './annexA/buildTimeline.ts';
import type { CanonicalEvent } from './canonicalEvent.ts';
import { type OutsidePathway, recordedMove } from './recordedMove.ts';

/** A case whose new events could not continue from its stored stage by a move of the pathway. */
export interface ContinuationGap {
  case_ref: string;
  from: string;
  to: string;
  at: string;
  /** Events of the case left out because they could not follow on from the store (0 when flagged). */
  dropped: number;
  /** True when the move was kept, flagged outside the pathway (`flag`), rather than left out. */
  flagged: boolean;
}

/**
 * Continues cases the store already holds (a later census or return overlapping an earlier one):
 * for each case with a stored position, events up to its last recorded date are left out (they are
 * in the store) and the first later event is re-expressed as the one move rule's move from the
 * stored stage (`recordedMove`). When the pathway has no such move, `flag` (default) keeps it with no
 * event (ingest stores it flagged) and `reject` leaves the case's later events out; either way the gap
 * is reported and nothing is bridged. Events of cases not in `stored` pass unchanged.
 * @example continueStored(result.events, positions, pathway, 'flag')
 */
export function continueStored(
  events: readonly CanonicalEvent[],
  stored: ReadonlyMap<string, StoredPosition>,
  pathway: CompiledPathway,
  option: OutsidePathway = 'flag',
): { events: CanonicalEvent[]; gaps: ContinuationGap[] } {
  const out: CanonicalEvent[] = [];
  const gaps: ContinuationGap[] = [];
  const state = new Map<string, { stage: string; started: boolean; gap?: ContinuationGap }>();
  for (const e of events) {
    const position = stored.get(e.case_ref);
    if (!position) {
      out.push(e);
      continue;
    }
    if (e.entered_at <= position.lastDate) continue;
    const s = state.get(e.case_ref) ?? { stage: position.stage, started: false };
    state.set(e.case_ref, s);
    if (s.gap) {
      s.gap.dropped++;
      continue;
    }
    if (s.started) {
      out.push(e);
      continue;
    }
    s.started = true;
    if (e.stage === s.stage) continue; // already there: the stored stay continues
    const move = recordedMove(pathway, s.stage, e.stage);
    if ('event' in move) {
      out.push({ ...e, event: move.event });
      continue;
    }
    const gap = {
      case_ref: e.case_ref,
      from: s.stage,
      to: e.stage,
      at: e.entered_at,
      dropped: 1,
      flagged: false,
    };
    gaps.push(gap);
    if ('outside' in move && option === 'flag') {
      gap.dropped = 0;
      gap.flagged = true;
      out.push({ ...e, event: '' });
      continue;
    }
    s.gap = gap;
  }
  return { events: out, gaps };
}
