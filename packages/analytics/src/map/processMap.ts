import type { PathwayDefinition, Timescale } from '@continuum/machines';
import { fromDay } from '../calendar/dayNumber.ts';
import type { WorkingCalendar } from '../calendar/WorkingCalendar.ts';
import { type IntervalIndex, NONE } from '../columnar/IntervalIndex.ts';
import { pathwayView } from '../pathwayView.ts';
import { type AnalyticsQuery, caseMask, checkQuery } from '../query.ts';
import { bucketsOf } from './buckets.ts';
import { type Conformance, conformanceOf } from './conformance.ts';
import { type DurationStats, statsOf } from './durationStats.ts';

/** Timescale compliance of one stage. */
export interface StageTimescale extends Timescale {
  /** Stays that ended in the period. */
  completed: number;
  /** Of those, ended on or before the deadline day. */
  withinTimescale: number;
  /** withinTimescale / completed x 100, one decimal; null when none completed. */
  percentWithin: number | null;
  /** Stays open at the as-of date past their deadline. */
  openOverdue: number;
}

/** One stage of the map. */
export interface StageFigures {
  stage: string;
  label: string;
  level: number | null;
  /** Stays that began in the period. */
  entries: number;
  /** Stays that ended in the period. */
  exits: number;
  /** Open at the end of the day before the period: openAtStart + entries - exits = openAtEnd. */
  openAtStart: number;
  /** Open at the end of the period's last day. */
  openAtEnd: number;
  /** Open at the end of the as-of day. */
  openAsOf: number;
  /** Days in stage of stays that ended in the period. */
  timeInStage: DurationStats;
  /** Age in days (as-of minus entry) of stays open at the as-of date. */
  openAge: DurationStats;
  throughput: { start: string; end: string; entries: number; exits: number }[];
  timescale: StageTimescale | null;
}

/** A move between two stages in the period. */
export interface TransitionFigures {
  from: string;
  /** Null when a stay ended without a next stage (not produced by the store, kept for safety). */
  to: string | null;
  moves: number;
  /** Distinct cases that made the move in the period. */
  cases: number;
  /** moves / source exits x 100, one decimal. */
  shareOfSourceExits: number;
  /** Days in the source stage before the move (nearest-rank median and p90). */
  daysInSource: DurationStats;
  /** Moves by event name. */
  events: Record<string, number>;
}

/** The process map for a period and an as-of date. */
export interface ProcessMap {
  period: { from: string; to: string; asOf: string; bucket: 'week' | 'month' };
  filters: Record<string, readonly string[]>;
  calendar: string;
  stages: StageFigures[];
  transitions: TransitionFigures[];
  /** Moves outside the pathway (flagged imported history) per move and per stage. */
  conformance: Conformance;
  definitions: Record<string, string>;
}

/** How the map's figures are defined; returned with every map so a published figure carries its rule. */
export const MAP_DEFINITIONS: Record<string, string> = {
  days: 'Whole UTC calendar days: exit date minus entry date (a stay entered and left on the same day is 0).',
  percentiles:
    'Nearest rank: the p-th percentile of n values is the value at rank ceil(p x n) in ascending order; the median is p = 0.5 (the lower middle when n is even).',
  period: 'Entries and exits count stays that began / ended on a day from `from` to `to` inclusive.',
  open: 'A stay is open at a day when it began on or before that day and had not ended by its end.',
  conformance:
    'A move outside the pathway is one the pathway has no move for, kept from imported history as the source records it (flagged, with no event); counted by the day the stay it leaves ended. Its moves also appear in `transitions` under the event "(none)". Live moves are always moves of the pathway.',
  timescale:
    'Deadline = entry date + the timescale (working days by the calendar, calendar days, or calendar months); a stay is within when it ended on or before the deadline; an open stay is overdue once the as-of date is after the deadline.',
};

/**
 * Computes the process map in one pass over the index's typed arrays.
 * @example processMap(index, defaultPathway, { from, to, asOf: to }, calendarFor('jersey'))
 */
export function processMap(
  index: IntervalIndex,
  definition: PathwayDefinition,
  query: AnalyticsQuery,
  calendar: WorkingCalendar,
  knownAttributes: readonly string[] = [],
): ProcessMap {
  const { from, to, asOf } = checkQuery(query);
  const bucket = query.bucket ?? 'month';
  const view = pathwayView(definition, index);
  const mask = caseMask(index, query.filters, knownAttributes);
  const S = index.stages.size;
  const E = index.events.size;
  const S1 = S + 1;
  const { bucketOf, ranges } = bucketsOf(from, to, bucket);
  const B = ranges.length;
  const histSize = index.maxDuration + 1;

  const entries = new Int32Array(S);
  const exits = new Int32Array(S);
  const openStart = new Int32Array(S);
  const openEnd = new Int32Array(S);
  const openAsOf = new Int32Array(S);
  const entriesB = new Int32Array(S * B);
  const exitsB = new Int32Array(S * B);
  const completed = new Int32Array(S);
  const within = new Int32Array(S);
  const overdue = new Int32Array(S);
  // Flat histograms by whole day: stays by stage, moves by (stage, next), open ages by stage.
  const stayHist = new Uint32Array(S * histSize);
  // Per (stage, next) pair, allocated on its first move: only the pairs that occur cost histSize each.
  const moveHist: (Uint32Array | undefined)[] = new Array(S * S1);
  const ageSize = Math.max(1, asOf - Math.min(index.minDay, asOf) + 1);
  const ageHist = new Uint32Array(S * ageSize);
  const moves = new Int32Array(S * S1);
  const moveEvents = new Int32Array(S * S1 * (E + 1));
  const moveCases: (Uint32Array | undefined)[] = new Array(S * S1);
  const caseWords = (index.caseCount >>> 5) + 1;
  const deadlineBase = index.minDay;
  const deadlines = Array.from({ length: S }, (_, s) => view.deadlines(s, calendar)?.table ?? null);
  const hasDeadline = Uint8Array.from(deadlines, (d) => (d === null ? 0 : 1));
  const empty = new Int32Array(0);
  const deadlineOf = deadlines.map((d) => d ?? empty);

  // A stay that ended before both the period and the as-of date, or began after both, counts for
  // nothing: two integer comparisons skip most of a long history.
  const lo = Math.min(from, asOf + 1);
  const hi = Math.max(to, asOf);
  const { caseIdx, stage, entered, exited, nextStage, exitEvent } = index;
  const n = index.length;
  // Stays sorted by exit day that ended before `lo` are skipped wholesale (see IntervalIndex.compact).
  for (let i = index.firstExitAtLeast(lo); i < n; i++) {
    const x = exited[i]!;
    if (x < lo) continue;
    const e = entered[i]!;
    if (e > hi) continue;
    const c = caseIdx[i]!;
    if (mask !== null && mask[c] === 0) continue;
    const s = stage[i]!;
    if (e <= to) {
      if (e >= from) {
        entries[s]!++;
        entriesB[s * B + bucketOf[e - from]!]!++;
      } else if (x >= from) openStart[s]!++;
      if (x > to) openEnd[s]!++;
      else if (x >= from) {
        exits[s]!++;
        exitsB[s * B + bucketOf[x - from]!]!++;
        const days = x - e;
        stayHist[s * histSize + days]!++;
        const nx = nextStage[i]!;
        const key = s * S1 + (nx === NONE ? S : nx);
        moves[key]!++;
        moveEvents[key * (E + 1) + exitEvent[i]! + 1]!++;
        let hist = moveHist[key];
        if (hist === undefined) {
          hist = new Uint32Array(histSize);
          moveHist[key] = hist;
        }
        hist[days]!++;
        let seen = moveCases[key];
        if (seen === undefined) {
          seen = new Uint32Array(caseWords);
          moveCases[key] = seen;
        }
        seen[c >>> 5]! |= 1 << (c & 31);
        if (hasDeadline[s] === 1) {
          completed[s]!++;
          if (x <= deadlineOf[s]![e - deadlineBase]!) within[s]!++;
        }
      }
    }
    if (e <= asOf && x > asOf) {
      openAsOf[s]!++;
      ageHist[s * ageSize + asOf - e]!++;
      if (hasDeadline[s] === 1 && asOf > deadlineOf[s]![e - deadlineBase]!) overdue[s]!++;
    }
  }

  const stages: StageFigures[] = view.order.map((s) => {
    const info = view.stageInfo[s]!;
    const ts = info.timescale;
    return {
      stage: info.id,
      label: info.label,
      level: info.level,
      entries: entries[s]!,
      exits: exits[s]!,
      openAtStart: openStart[s]!,
      openAtEnd: openEnd[s]!,
      openAsOf: openAsOf[s]!,
      timeInStage: statsOf(stayHist, s * histSize, histSize),
      openAge: statsOf(ageHist, s * ageSize, ageSize),
      throughput: ranges.map((r, b) => ({ ...r, entries: entriesB[s * B + b]!, exits: exitsB[s * B + b]! })),
      timescale: ts
        ? {
            ...ts,
            completed: completed[s]!,
            withinTimescale: within[s]!,
            percentWithin: completed[s]! > 0 ? round1((within[s]! / completed[s]!) * 100) : null,
            openOverdue: overdue[s]!,
          }
        : null,
    };
  });

  const transitions: TransitionFigures[] = [];
  for (const s of view.order) {
    for (const t of [...view.order, S]) {
      const key = s * S1 + t;
      const count = moves[key]!;
      if (count === 0) continue;
      const events: Record<string, number> = {};
      for (let ev = 0; ev <= E; ev++) {
        const k = moveEvents[key * (E + 1) + ev]!;
        if (k > 0) events[ev === 0 ? '(none)' : index.events.values[ev - 1]!] = k;
      }
      transitions.push({
        from: view.stageInfo[s]!.id,
        to: t === S ? null : view.stageInfo[t]!.id,
        moves: count,
        cases: popcount(moveCases[key]!),
        shareOfSourceExits: round1((count / exits[s]!) * 100),
        daysInSource: statsOf(moveHist[key]!, 0, histSize),
        events,
      });
    }
  }

  return {
    period: { from: fromDay(from), to: fromDay(to), asOf: fromDay(asOf), bucket },
    filters: query.filters ?? {},
    calendar: calendar.name,
    stages,
    transitions,
    conformance: conformanceOf(moveEvents, S, E, view.order, (s) => view.stageInfo[s]!.id),
    definitions: MAP_DEFINITIONS,
  };
}

/** One decimal place, the precision every percentage is published at. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function popcount(words: Uint32Array): number {
  let total = 0;
  for (let i = 0; i < words.length; i++) {
    let v = words[i]!;
    if (v === 0) continue;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return total;
}
