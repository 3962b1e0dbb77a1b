import { type CompiledPathway, outsidePathwayReason } from '@continuum/machines';
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
 * What continuation made of one event of a return, as the outcome its source rows or elements take:
 * `kept` (they keep theirs), `outside_pathway` (kept with no event, flagged), `merged` (left out: the
 * store has it) or `rejected` (left out: the case cannot follow on from the store).
 */
export type ContinuationFate =
  | { outcome: 'kept' }
  | { outcome: 'outside_pathway' | 'merged' | 'rejected'; reason: string };

/** One stored case's events continued: those to ingest, each read event's fate, and the gap if any. */
export interface ContinuedCase {
  events: CanonicalEvent[];
  /** Parallel to the events read. */
  fates: ContinuationFate[];
  gap?: ContinuationGap;
  /** The move the pathway lacks (`closed -> looked_after`) when the gap is one (flagged or rejected). */
  outsideMove?: string;
}

const KEPT: ContinuationFate = { outcome: 'kept' };

/**
 * Continues one case the store already holds (a later census or return overlapping an earlier
 * one): its events up to the stored last recorded date are left out (the store has them) and the
 * first later event is re-expressed as the one move rule's move from the stored stage
 * (`recordedMove`). When the pathway has no such move, `flag` (default) keeps it with no event
 * (ingest stores it flagged) and `reject` leaves the case's later events out; either way the gap is
 * reported and nothing is bridged. Every event read gets a fate, so the importer can account for
 * the source rows behind it.
 * @example continueCase(caseEvents, { stage: 'closed', lastDate: '2021-05-01' }, pathway, 'flag')
 */
export function continueCase(
  events: readonly CanonicalEvent[],
  position: StoredPosition,
  pathway: CompiledPathway,
  option: OutsidePathway = 'flag',
): ContinuedCase {
  const out: ContinuedCase = { events: [], fates: [] };
  const stored: ContinuationFate = {
    outcome: 'merged',
    reason: `already stored: on or before the stored case's last recorded date (${position.lastDate})`,
  };
  let started = false;
  let gapReason = '';
  for (const e of events) {
    if (e.entered_at <= position.lastDate) {
      out.fates.push(stored);
      continue;
    }
    if (out.gap && !out.gap.flagged) {
      out.gap.dropped++;
      out.fates.push({ outcome: 'rejected', reason: gapReason });
      continue;
    }
    if (started) {
      out.events.push(e);
      out.fates.push(KEPT);
      continue;
    }
    started = true;
    if (e.stage === position.stage) {
      out.fates.push({ outcome: 'merged', reason: `continues the stored ${position.stage} stay` });
      continue;
    }
    const move = recordedMove(pathway, position.stage, e.stage);
    if ('event' in move) {
      out.events.push({ ...e, event: move.event });
      out.fates.push(KEPT);
      continue;
    }
    const reason = 'outside' in move ? outsidePathwayReason(position.stage, e.stage) : move.refused;
    out.gap = {
      case_ref: e.case_ref,
      from: position.stage,
      to: e.stage,
      at: e.entered_at,
      dropped: 1,
      flagged: false,
    };
    if ('outside' in move) out.outsideMove = `${position.stage} -> ${e.stage}`;
    if ('outside' in move && option === 'flag') {
      out.gap.dropped = 0;
      out.gap.flagged = true;
      out.events.push({ ...e, event: '' });
      out.fates.push({
        outcome: 'outside_pathway',
        reason: `stored flagged: the child is stored at ${position.stage}; ${reason}`,
      });
      continue;
    }
    gapReason = `left out: the child is stored at ${position.stage} and cannot continue to ${e.stage} (${reason})`;
    out.fates.push({ outcome: 'rejected', reason: gapReason });
  }
  return out;
}

/**
 * Re-settles the source units (rows, elements) behind one continued case's events: a unit behind
 * a kept event keeps its outcome, one behind a flagged event is outside the pathway, and one behind
 * only events left out takes their fate, so the account adds up to what is written.
 * @example settleContinued(carried, continued.fates, (row, outcome, reason) => resettle(row, outcome, reason))
 */
export function settleContinued<U>(
  carried: readonly (readonly U[] | undefined)[],
  fates: readonly ContinuationFate[],
  resettle: (unit: U, outcome: Exclude<ContinuationFate['outcome'], 'kept'>, reason: string) => void,
): void {
  const kept = new Set<U>();
  fates.forEach((f, i) => {
    if (f.outcome === 'kept') for (const u of carried[i] ?? []) kept.add(u);
  });
  const done = new Set<U>();
  fates.forEach((f, i) => {
    if (f.outcome === 'kept') return;
    for (const u of carried[i] ?? []) {
      if (kept.has(u) || done.has(u)) continue;
      done.add(u);
      resettle(u, f.outcome, f.reason);
    }
  });
}
