import type { CompiledPathway } from '@continuum/machines';
import type { StoredPosition } from './annexA/buildTimeline.ts';
import type { CanonicalEvent } from './canonicalEvent.ts';

/** A case whose new events could not continue from its stored stage by a direct move. */
export interface ContinuationGap {
  case_ref: string;
  from: string;
  to: string;
  at: string;
  /** Events of the case left out because they could not follow on from the store. */
  dropped: number;
}

/**
 * Continues cases the store already holds (a later census or return overlapping an earlier one):
 * for each case with a stored position, events up to its last recorded date are left out (they are
 * in the store) and the first later event is re-expressed as the pathway's direct move from the
 * stored stage. When the pathway has no such move, the case's later events are left out and the gap
 * reported: nothing is bridged. Events of cases not in `stored` pass unchanged.
 * @example continueStored(result.events, positions, pathway)
 */
export function continueStored(
  events: readonly CanonicalEvent[],
  stored: ReadonlyMap<string, StoredPosition>,
  pathway: CompiledPathway,
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
    const event = pathway
      .eventsBetween(s.stage, e.stage)
      .find((x) => !(pathway.definition.recordEvents ?? []).includes(x));
    if (event === undefined) {
      s.gap = { case_ref: e.case_ref, from: s.stage, to: e.stage, at: e.entered_at, dropped: 1 };
      gaps.push(s.gap);
      continue;
    }
    out.push({ ...e, event });
  }
  return { events: out, gaps };
}
