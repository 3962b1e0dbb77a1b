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
 * What continuation made of one event of a return, for the source rows or elements behind it:
 * `kept` (written as read: they keep their outcome), `moved` (written as the pathway's move from
 * the stored stage: a unit the walk had flagged is imported after all), `outside_pathway` (written
 * flagged: the move's own unit is outside the pathway), `merged` (left out: the store has it) or
 * `rejected` (left out: the case cannot follow on from the store).
 */
export type ContinuationFate =
  | { outcome: 'kept' }
  | { outcome: 'moved' | 'outside_pathway' | 'merged' | 'rejected'; reason: string };

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
      out.fates.push({
        outcome: 'moved',
        reason: `continues from the stored ${position.stage} by ${move.event}`,
      });
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

/** One case as an importer walked it from its source, before continuation. */
export interface WalkedCase<U> {
  events: readonly CanonicalEvent[];
  /** Parallel to events: the units (rows, elements) that made or coloured each, the move's own unit first. */
  carried: readonly (readonly U[])[];
  /** Moves the pathway lacks the walk met, with the flagged event made for each (none when rejected). */
  outside: readonly { from: string; to: string; event?: number }[];
}

/** How an importer's units are read and settled again. */
export interface UnitOutcomes<U> {
  outcomeOf(unit: U): string | undefined;
  settle(unit: U, outcome: 'imported' | 'outside_pathway' | 'merged' | 'rejected', reason: string): void;
}

const RANK: Record<ContinuationFate['outcome'], number> = {
  kept: 4,
  moved: 4,
  outside_pathway: 3,
  merged: 2,
  rejected: 1,
};

/**
 * A walked case as it is to be written: continued from the store's position when it holds the case
 * (`continueCase`), with the units behind its events settled again so the account follows what is
 * written. A unit takes the best fate of the events it is behind (written over flagged over
 * already stored over left out); behind a flagged continuation only the move's own unit is outside
 * the pathway. The moves the pathway lacks are those written or rejected by this read, the walk's
 * own verdict giving way to continuation's for the event continuation decided.
 * @example continueWalk(walk, stored.get(ref), pathway, 'flag', { outcomeOf, settle })
 */
export function continueWalk<U>(
  walk: WalkedCase<U>,
  position: StoredPosition | undefined,
  pathway: CompiledPathway,
  option: OutsidePathway,
  units: UnitOutcomes<U>,
): { events: CanonicalEvent[]; gap?: ContinuationGap; outsideMoves: string[] } {
  const moveOf = (o: { from: string; to: string }) => `${o.from} -> ${o.to}`;
  if (!position) return { events: [...walk.events], outsideMoves: walk.outside.map(moveOf) };
  const continued = continueCase(walk.events, position, pathway, option);
  const best = new Map<U, { fate: ContinuationFate; main: boolean }>();
  continued.fates.forEach((fate, i) => {
    walk.carried[i]?.forEach((unit, j) => {
      const now = best.get(unit);
      if (!now || RANK[fate.outcome] > RANK[now.fate.outcome]) best.set(unit, { fate, main: j === 0 });
      else if (now.fate === fate && j === 0) now.main = true;
    });
  });
  // Units behind a flagged move the walk made that is written now (not already stored).
  const flaggedNow = new Set(
    walk.outside.flatMap((o) =>
      o.event !== undefined && continued.fates[o.event]!.outcome === 'kept'
        ? (walk.carried[o.event] ?? [])
        : [],
    ),
  );
  for (const [unit, { fate, main }] of best) {
    if (fate.outcome === 'kept') {
      // Flagged for a move the store already has; what it adds now is an ordinary move.
      if (units.outcomeOf(unit) === 'outside_pathway' && !flaggedNow.has(unit))
        units.settle(unit, 'imported', 'its move outside the pathway is already stored');
      continue;
    }
    if (fate.outcome === 'moved') {
      if (units.outcomeOf(unit) === 'outside_pathway') units.settle(unit, 'imported', fate.reason);
    } else if (fate.outcome !== 'outside_pathway' || main) units.settle(unit, fate.outcome, fate.reason);
  }
  // A flagged move of the walk counts unless its event is left out or continuation decided it.
  const outsideMoves = walk.outside
    .filter((o) => o.event === undefined || continued.fates[o.event]!.outcome === 'kept')
    .map(moveOf);
  if (continued.outsideMove) outsideMoves.push(continued.outsideMove);
  return {
    events: continued.events,
    ...(continued.gap ? { gap: continued.gap } : {}),
    outsideMoves,
  };
}
