import { type CompiledPathway, type OutsidePathway, outsidePathwayReason } from '@continuum/machines';
import type { CanonicalEvent, CodedAttribute } from '../canonicalEvent.ts';
import { recordedMove } from '../recordedMove.ts';
import { type CinChild, type CinEpisode, type SourceElement, type SourcedCode, settle } from './cinTypes.ts';

/** A move the source records but the pathway lacks: flagged or rejected, never bridged with invented stays. */
export interface OutsidePathwayMove {
  from: string;
  to: string;
  at: string;
  src: SourceElement;
  /** The index of the event made for it, flagged (under `flag`); none when rejected. */
  event?: number;
}

/** One child's walk: its events, the source elements behind each event, and the moves the pathway lacks. */
export interface CinTimeline {
  events: CanonicalEvent[];
  /** Parallel to events: the elements that made or coloured each event, the one whose date made the move first. */
  carried: SourceElement[][];
  outside: OutsidePathwayMove[];
}

/** Acuity order: where recorded stays overlap, the most acute open one is where the case sits. */
const RANK: Readonly<Record<string, number>> = {
  front_door: 0,
  assessment: 2,
  child_in_need: 3,
  s47_enquiry: 4,
  child_protection: 5,
};

/** A stay ready for the walk: the referral's front-door visit included, every end resolved. */
interface WalkStay {
  stage: string;
  start: string;
  /** Exclusive; undefined while open at the last census. */
  end?: string;
  episode: CinEpisode;
  startSrc: SourceElement;
  endSrc?: SourceElement;
  entry: SourcedCode[];
  exit: SourcedCode[];
  followers: SourceElement[];
  /** Set once its start made an event (a flagged one included), or was refused. */
  done?: 'moved' | 'outside';
}

/**
 * Walks one child's recorded census stays in date order into canonical events: each recorded start
 * moves the case by the pathway's direct move, a recorded end moves it to the most acute stay still
 * open, a closure closes it and a later referral re-refers it. Each move is the one move rule's
 * (`recordedMove`). A move the pathway lacks is listed in `outside` and, by `option`, made as the
 * source records it with no event (`flag`: ingest stores it flagged, its element is outside_pathway)
 * or not made (`reject`: the case stays where it was, its element is rejected with the reason): no
 * stay is ever invented. Every element of the child is settled, and each element an event made or
 * coloured is listed with it (`carried`), so a later continuation can account for it.
 */
export function cinTimeline(
  caseRef: string,
  child: CinChild,
  pathway: CompiledPathway,
  caseAttributes: Partial<Record<CodedAttribute, string>>,
  option: OutsidePathway = 'flag',
): CinTimeline {
  const events: CanonicalEvent[] = [];
  const carried: SourceElement[][] = [];
  const outside: OutsidePathwayMove[] = [];
  const stays = walkStays(child);
  const episodes = [...child.episodes].sort((a, b) => (a.referral < b.referral ? -1 : 1));
  let current: string | undefined;
  let pendingExit: SourcedCode[] = [];
  /** Settles an element as made or coloured by the last event, which carries it (an element can colour several). */
  const carry = (el: SourceElement | undefined, outcome: 'imported' | 'outside_pathway', reason?: string) => {
    settle(el, outcome, reason);
    if (el?.outcome === 'imported' || el?.outcome === 'outside_pathway') carried[events.length - 1]!.push(el);
  };

  /** Makes an event; `src` is the element whose date made the move (first of those it carries). */
  const emit = (
    stage: string,
    event: string,
    at: string,
    entry: readonly SourcedCode[],
    src: SourceElement,
  ) => {
    const attrs: Partial<Record<CodedAttribute, string>> = events.length === 0 ? { ...caseAttributes } : {};
    const row: CanonicalEvent = { case_ref: caseRef, stage, entered_at: at, event };
    events.push(row);
    carried.push([src]);
    for (const c of [...pendingExit, ...entry]) {
      attrs[c.attribute] = c.value;
      carry(c.src, 'imported');
    }
    pendingExit = [];
    if (Object.keys(attrs).length > 0) row.attributes = attrs;
    current = stage;
  };
  /**
   * Moves by the one rule: `moved`, `flagged` (made with no event: outside the pathway), or
   * `refused` with the reason (outside the pathway under `reject`, or a move the rule refuses).
   */
  const move = (
    target: string,
    at: string,
    src: SourceElement,
    entry: readonly SourcedCode[],
  ): 'moved' | 'flagged' | { refused: string } => {
    if (current === undefined) {
      emit(target, '', at, entry, src);
      return 'moved';
    }
    const from = current;
    const m = recordedMove(pathway, from, target);
    if ('event' in m) {
      emit(target, m.event, at, entry, src);
      return 'moved';
    }
    if ('refused' in m) return m;
    const o: OutsidePathwayMove = { from, to: target, at, src };
    outside.push(o);
    if (option === 'reject') return { refused: outsidePathwayReason(from, target) };
    emit(target, '', at, entry, src);
    o.event = events.length - 1;
    return 'flagged';
  };

  const points = [
    ...new Set([
      ...stays.flatMap((s) => (s.end === undefined ? [s.start] : [s.start, s.end])),
      ...episodes.flatMap((e) => (e.closure ? [e.closure] : [])),
    ]),
  ].sort();

  for (const t of points) {
    const closing = episodes.filter((e) => e.closure === t);
    const referredToday = episodes.some((e) => e.referral === t);
    const movesBefore = events.length;
    // Attributes recorded at a stay's end ride on the first move of that day (if any).
    for (const s of stays.filter((s) => s.end === t)) {
      for (const c of s.exit) {
        if (s.entry.some((e) => e.attribute === c.attribute && e.value === c.value))
          settle(c.src, 'merged', 'the same code as at the start of the stay');
        else pendingExit.push(c);
      }
    }
    // 1. Closures of earlier episodes come before a re-referral on the same day.
    if (referredToday) for (const e of closing.filter((e) => e.referral < t)) close(e, t);
    // 2. Visits that start and end the same day (a referral, an NFA, a one-day plan), by acuity.
    const instants = stays.filter((s) => s.start === t && s.end === t).sort(byRank);
    for (const s of instants) enter(s, t);
    // 3. The most acute stay open at t.
    const open = stays.filter(
      (s) => s.start <= t && (s.end === undefined || t < s.end) && s.done !== 'outside',
    );
    const desired = open.sort(byRank).at(-1);
    if (desired) enter(desired, t);
    // 4. The other closures (an NFA closes at its referral).
    for (const e of closing) if (!e.closureSrc?.outcome && current !== 'closed') close(e, t);
    for (const s of stays.filter((s) => s.end === t && s.endSrc)) {
      if (events.length > movesBefore) carry(s.endSrc, 'imported', 'the case moved on at this end');
      else settle(s.endSrc, 'merged', 'the stay ended; the case stays until its next recorded move');
    }
    for (const c of pendingExit) settle(c.src, 'merged', 'no move on the day the stay ended to carry it');
    pendingExit = [];
  }
  for (const s of stays) {
    settle(s.startSrc, 'merged', `overlaps a more acute recorded stay`);
    for (const f of s.followers) settle(f, 'merged', 'belongs to a stay that made no event');
    for (const c of s.entry) settle(c.src, 'merged', 'belongs to a stay that made no event');
    for (const c of s.exit as SourcedCode[]) settle(c.src, 'merged', 'no move at the end to carry it');
  }
  for (const e of episodes) {
    settle(e.closureSrc, 'merged', 'the case was already closed');
    for (const c of e.exit) settle(c.src, 'merged', 'no closure to carry it');
  }
  return { events, carried, outside };

  /** Moves the case into a stay (again, after a more acute one ended); reports a missing move. */
  function enter(s: WalkStay, t: string): void {
    if (s.done === 'outside') return;
    if (current === s.stage) {
      if (!s.done) settle(s.startSrc, 'merged', `continues the ${s.stage} stay the case is in`);
      s.done ??= 'moved';
      return;
    }
    const first = s.done === undefined;
    const from = current;
    const made = move(s.stage, t, s.startSrc, first ? s.entry : []);
    if (made === 'moved' || made === 'flagged') {
      s.done = 'moved';
      if (made === 'flagged' && first)
        carry(
          s.startSrc,
          'outside_pathway',
          `stored flagged: ${outsidePathwayReason(from ?? '(none)', s.stage)}`,
        );
      carry(s.startSrc, 'imported');
      for (const f of s.followers) carry(f, 'imported', 'part of the stay');
      return;
    }
    s.done = 'outside';
    if (!first) return;
    settle(s.startSrc, 'rejected', made.refused);
    for (const f of [s.endSrc, ...s.followers]) settle(f, 'rejected', 'part of a stay outside the pathway');
    for (const c of [...s.entry, ...s.exit]) settle(c.src, 'rejected', 'part of a stay outside the pathway');
  }

  function close(e: CinEpisode, t: string): void {
    const stillOpen = stays.some(
      (s) => s.episode !== e && s.start <= t && (s.end === undefined || t < s.end) && s.done !== 'outside',
    );
    if (stillOpen || current === undefined || current === 'closed') {
      settle(
        e.closureSrc,
        'merged',
        stillOpen ? 'another episode stays open' : 'the case was already closed',
      );
      return;
    }
    pendingExit.push(...e.exit);
    const from = current;
    const made = move('closed', t, e.closureSrc ?? e.referralSrc, []);
    if (made === 'flagged')
      carry(e.closureSrc, 'outside_pathway', `stored flagged: ${outsidePathwayReason(from, 'closed')}`);
    else if (made === 'moved') carry(e.closureSrc, 'imported');
    if (made === 'moved' || made === 'flagged') carry(e.nfaSrc, 'imported');
    else settle(e.closureSrc, 'rejected', made.refused);
  }
}

function byRank(a: WalkStay, b: WalkStay): number {
  return (RANK[a.stage] ?? 0) - (RANK[b.stage] ?? 0) || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
}

/**
 * The walk's stays: each referral opens a front-door visit lasting until the episode's first other
 * start (an NFA referral, until the referral day itself); a stay with no recorded end (assessment
 * not authorised, enquiry with no conference) lasts until the next start of another stay of its
 * episode; every stay ends by its episode's closure.
 */
function walkStays(child: CinChild): WalkStay[] {
  const out: WalkStay[] = [];
  for (const episode of child.episodes) {
    if (episode.nfa && episode.closure === undefined) {
      episode.closure = episode.referral;
    }
    const starts = episode.stays.map((s) => s.start).sort();
    const clip = (end: string | undefined) =>
      episode.closure !== undefined && (end === undefined || end > episode.closure) ? episode.closure : end;
    const firstOther = starts[0];
    out.push({
      stage: 'front_door',
      start: episode.referral,
      end: episode.nfa ? episode.referral : clip(firstOther ?? undefined),
      episode,
      startSrc: episode.referralSrc,
      entry: episode.entry,
      exit: [],
      followers: episode.nfaSrc ? [episode.nfaSrc] : [],
    });
    for (const s of episode.stays) {
      let end = s.end;
      if (s.soft)
        end = episode.stays
          .map((o) => o.start)
          .filter((d) => d > s.start)
          .sort()[0];
      if (episode.closure !== undefined && s.start > episode.closure) {
        settle(s.startSrc, 'rejected', 'the stay starts after its episode closed');
        for (const f of [s.endSrc, ...s.followers, ...s.entry.map((c) => c.src), ...s.exit.map((c) => c.src)])
          settle(f, 'rejected', 'part of a stay that starts after its episode closed');
        continue;
      }
      if (s.endSrc && episode.closure !== undefined && s.end! > episode.closure) {
        settle(s.endSrc, 'rejected', 'the end is after the episode closed; the stay ends at the closure');
      }
      const walk: WalkStay = {
        stage: s.stage,
        start: s.start,
        episode,
        startSrc: s.startSrc,
        entry: s.entry,
        exit: s.exit,
        followers: s.followers,
      };
      const resolved = clip(end);
      if (resolved !== undefined) walk.end = resolved;
      if (s.endSrc) walk.endSrc = s.endSrc;
      out.push(walk);
    }
  }
  return out;
}
