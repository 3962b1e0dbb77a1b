import type { Timescale } from '@continuum/machines';
import { fromDay } from '../calendar/dayNumber.ts';
import type { WorkingCalendar } from '../calendar/WorkingCalendar.ts';
import type { IntervalIndex } from '../index/IntervalIndex.ts';
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
  const deadlines = index.stages.values.map((_, s) => view.deadlines(s, calendar)?.table ?? null);
  const base = index.minDay;
  const hits: number[] = [];
  const byStage: Record<string, number> = {};
  if (query.stage === undefined || only >= 0) {
    const { caseIdx, stage, entered, exited } = index;
    for (let i = 0; i < index.length; i++) {
      const s = stage[i]!;
      const dl = deadlines[s] ?? null;
      if (dl === null || (only >= 0 && s !== only)) continue;
      const e = entered[i]!;
      if (e > asOf || exited[i]! <= asOf || asOf <= dl[e - base]!) continue;
      if (mask !== null && mask[caseIdx[i]!] === 0) continue;
      hits.push(i);
      const id = view.stageInfo[s]!.id;
      byStage[id] = (byStage[id] ?? 0) + 1;
    }
  }
  const deadlineOf = (i: number) => deadlines[index.stage[i]!]![index.entered[i]! - base]!;
  hits.sort(
    (a, b) =>
      deadlineOf(a) - deadlineOf(b) ||
      index.entered[a]! - index.entered[b]! ||
      String(index.caseKeys[index.caseIdx[a]!]).localeCompare(String(index.caseKeys[index.caseIdx[b]!])),
  );
  const offset = query.offset ?? 0;
  const page = hits.slice(offset, offset + (query.limit ?? 100));
  return {
    asOf: fromDay(asOf),
    calendar: calendar.name,
    total: hits.length,
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
