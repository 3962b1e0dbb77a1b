import type { Timescale } from '@continuum/machines';
import { fromDay } from '../calendar/dayNumber.ts';
import type { WorkingCalendar } from '../calendar/WorkingCalendar.ts';
import type { IntervalIndex } from '../columnar/IntervalIndex.ts';
import type { PathwayDefinition } from '@continuum/machines';
import { pathwayView } from '../pathwayView.ts';
import { type AnalyticsQuery, caseMask, checkQuery } from '../query.ts';

/** A stay open past its statutory deadline at the as-of date: case-level data (audit every read). */
export interface OverdueCase {
  /** The case's store key (pseudonymous: never a source-system id). */
  caseKey: string | number;
  stage: string;
  enteredAt: string;
  deadline: string;
  /** Calendar days from the deadline to the as-of date. */
  daysOverdue: number;
  /** Working days from the deadline to the as-of date, by the calendar. */
  workingDaysOverdue: number;
  timescale: Timescale;
}

/** A page of overdue stays, most overdue first, with the total for paging. */
export interface OverdueList {
  asOf: string;
  calendar: string;
  total: number;
  byStage: Record<string, number>;
  cases: OverdueCase[];
}

/**
 * Lists stays open at the as-of date that are past their stage's timescale, optionally for one
 * stage, most overdue first (ties: earliest entry, then case key).
 */
export function overdueCases(
  index: IntervalIndex,
  definition: PathwayDefinition,
  query: Pick<AnalyticsQuery, 'asOf' | 'filters'> & { stage?: string; limit?: number; offset?: number },
  calendar: WorkingCalendar,
  knownAttributes: readonly string[] = [],
): OverdueList {
  const { asOf } = checkQuery({ from: query.asOf, to: query.asOf, asOf: query.asOf });
  const view = pathwayView(definition, index);
  const mask = caseMask(index, query.filters, knownAttributes);
  const only = query.stage === undefined ? -1 : index.stages.codeOf(query.stage);
  const S = index.stages.size;
  const base = index.minDay;
  const empty = new Int32Array(0);
  const deadlines = index.stages.values.map((_, s) => view.deadlines(s, calendar)?.table ?? empty);
  const wanted = Uint8Array.from(deadlines, (d, s) => (d.length > 0 && (only < 0 || s === only) ? 1 : 0));
  if (query.stage !== undefined && only < 0) wanted.fill(0);
  // Pass 1: how many stays are overdue by each number of days (and per stage).
  const overdueHist = new Uint32Array(Math.max(1, asOf - Math.min(base, asOf) + 1));
  const perStage = new Int32Array(S);
  const { caseIdx, stage, entered, exited } = index;
  let total = 0;
  const first = index.firstExitAtLeast(asOf + 1);
  const isOverdue = (i: number): number => {
    const s = stage[i]!;
    if (wanted[s] === 0) return -1;
    const e = entered[i]!;
    if (e > asOf || exited[i]! <= asOf) return -1;
    const over = asOf - deadlines[s]![e - base]!;
    if (over <= 0 || (mask !== null && mask[caseIdx[i]!] === 0)) return -1;
    return over;
  };
  for (let i = first; i < index.length; i++) {
    if (exited[i]! <= asOf) continue;
    const over = isOverdue(i);
    if (over < 0) continue;
    overdueHist[over]!++;
    perStage[stage[i]!]!++;
    total++;
  }
  // Pass 2: only the stays that can appear on the requested page (most overdue first).
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 100;
  let cutoff = overdueHist.length;
  for (let seen = 0; cutoff > 1 && seen < offset + limit; ) seen += overdueHist[--cutoff]!;
  const hits: number[] = [];
  if (limit > 0) {
    for (let i = first; i < index.length; i++) {
      if (exited[i]! <= asOf) continue;
      if (isOverdue(i) >= cutoff) hits.push(i);
    }
  }
  const byStage: Record<string, number> = {};
  for (let s = 0; s < S; s++) if (perStage[s]! > 0) byStage[view.stageInfo[s]!.id] = perStage[s]!;
  const deadlineOf = (i: number) => deadlines[stage[i]!]![entered[i]! - base]!;
  hits.sort(
    (a, b) =>
      deadlineOf(a) - deadlineOf(b) ||
      entered[a]! - entered[b]! ||
      String(index.caseKeys[caseIdx[a]!]).localeCompare(String(index.caseKeys[caseIdx[b]!])),
  );
  const page = hits.slice(offset, offset + limit);
  return {
    asOf: fromDay(asOf),
    calendar: calendar.name,
    total,
    byStage,
    cases: page.map((i) => {
      const info = view.stageInfo[index.stage[i]!]!;
      const deadline = deadlineOf(i);
      return {
        caseKey: index.caseKeys[index.caseIdx[i]!]!,
        stage: info.id,
        enteredAt: fromDay(index.entered[i]!),
        deadline: fromDay(deadline),
        daysOverdue: asOf - deadline,
        workingDaysOverdue: calendar.workingDaysBetween(deadline, asOf),
        timescale: info.timescale!,
      };
    }),
  };
}
