import type { PathwayDefinition, Timescale } from '@continuum/machines';
import { fromDay } from '../calendar/dayNumber.ts';
import type { WorkingCalendar } from '../calendar/WorkingCalendar.ts';
import type { IntervalIndex } from '../columnar/IntervalIndex.ts';
import { pathwayView } from '../pathwayView.ts';
import { type AnalyticsQuery, AnalyticsQueryError, caseMask, checkQuery } from '../query.ts';
import { AGEING_BUCKETS, ageingBucketOf } from './ageingBuckets.ts';

/** One open stay due within the horizon or overdue at the as-of date: case-level data (audit reads). */
export interface WorklistItem {
  /** The case's store key (pseudonymous). */
  caseKey: string | number;
  stage: string;
  enteredAt: string;
  /** The last day the stay may run to within its timescale (the statutory deadline). */
  dueOn: string;
  /** Working days past the deadline at the as-of date; negative: working days still left. */
  workingDaysOverdue: number;
  /** Calendar days past the deadline (negative: days left). */
  daysOverdue: number;
  /** Calendar days from entry to the as-of date. */
  daysInStage: number;
  overdue: boolean;
  timescale: Timescale;
}

/** Per stage: open stays due soon, overdue ones by ageing bucket, and their total. */
export interface WorklistStageAgeing {
  stage: string;
  label: string;
  /** Not yet overdue, due within the horizon. */
  dueSoon: number;
  overdue: number;
  /** Overdue stays by working days overdue, one count per AGEING_BUCKETS entry. */
  buckets: number[];
}

/** The manager's worklist: every open stay due within N working days or overdue, across stages. */
export interface Worklist {
  asOf: string;
  calendar: string;
  dueWithinDays: number;
  ageingBuckets: readonly string[];
  byStage: WorklistStageAgeing[];
  total: number;
  items: WorklistItem[];
}

/** What a worklist asks: the as-of day, a horizon in working days, filters, an optional stage. */
export interface WorklistQuery extends Pick<AnalyticsQuery, 'asOf' | 'filters'> {
  /** Working days ahead a stay counts as due soon (0: due today). */
  dueWithinDays: number;
  stage?: string;
  /** Most items returned (counts always cover all); default 5000. */
  limit?: number;
}

/** The widest horizon a worklist takes: a quarter of a working year. */
export const MAX_DUE_WITHIN_DAYS = 260;

/**
 * Lists the stays open at the as-of date, in stages with a timescale, that are overdue or due within
 * `dueWithinDays` working days, most overdue first (ties: earliest entry, then case key); counts
 * per stage include the overdue ageing buckets.
 */
export function worklist(
  index: IntervalIndex,
  definition: PathwayDefinition,
  query: WorklistQuery,
  calendar: WorkingCalendar,
  knownAttributes: readonly string[] = [],
): Worklist {
  const { asOf } = checkQuery({ from: query.asOf, to: query.asOf, asOf: query.asOf });
  const horizon = query.dueWithinDays;
  if (!Number.isInteger(horizon) || horizon < 0 || horizon > MAX_DUE_WITHIN_DAYS) {
    throw new AnalyticsQueryError(
      'invalid_period',
      `dueWithinDays must be a whole number from 0 to ${MAX_DUE_WITHIN_DAYS}`,
    );
  }
  const view = pathwayView(definition, index);
  const mask = caseMask(index, query.filters, knownAttributes);
  const only = query.stage === undefined ? -1 : index.stages.codeOf(query.stage);
  const S = index.stages.size;
  const base = index.minDay;
  const deadlines = view.stageInfo.map((_, s) =>
    query.stage !== undefined && s !== only ? null : (view.deadlines(s, calendar)?.table ?? null),
  );
  // The last deadline still "due soon": the horizon-th working day after the as-of date.
  const lastDue = calendar.addWorkingDays(asOf, horizon);
  const dueSoon = new Int32Array(S);
  const buckets = view.stageInfo.map(() => new Array<number>(AGEING_BUCKETS.length).fill(0));
  const overdue = new Int32Array(S);
  const hits: { i: number; deadline: number }[] = [];
  const { caseIdx, stage, entered, exited } = index;
  for (let i = index.firstExitAtLeast(asOf + 1); i < index.length; i++) {
    if (exited[i]! <= asOf) continue;
    const s = stage[i]!;
    const table = deadlines[s];
    const e = entered[i]!;
    if (!table || e > asOf) continue;
    if (mask !== null && mask[caseIdx[i]!] === 0) continue;
    const deadline = table[e - base]!;
    if (deadline < asOf) {
      overdue[s]!++;
      buckets[s]![ageingBucketOf(calendar.workingDaysBetween(deadline, asOf))]!++;
    } else if (deadline <= lastDue) {
      dueSoon[s]!++;
    } else continue;
    hits.push({ i, deadline });
  }
  const key = (i: number) => String(index.caseKeys[caseIdx[i]!]);
  hits.sort(
    (a, b) => a.deadline - b.deadline || entered[a.i]! - entered[b.i]! || key(a.i).localeCompare(key(b.i)),
  );
  const limit = query.limit ?? 5000;
  const byStage: WorklistStageAgeing[] = [];
  for (let s = 0; s < S; s++) {
    if (!deadlines[s]) continue;
    const info = view.stageInfo[s]!;
    byStage.push({
      stage: info.id,
      label: info.label,
      dueSoon: dueSoon[s]!,
      overdue: overdue[s]!,
      buckets: buckets[s]!,
    });
  }
  return {
    asOf: fromDay(asOf),
    calendar: calendar.name,
    dueWithinDays: horizon,
    ageingBuckets: AGEING_BUCKETS.map((b) => b.label),
    byStage,
    total: hits.length,
    items: hits.slice(0, limit).map(({ i, deadline }) => {
      const info = view.stageInfo[stage[i]!]!;
      const late = deadline < asOf;
      return {
        caseKey: index.caseKeys[caseIdx[i]!]!,
        stage: info.id,
        enteredAt: fromDay(entered[i]!),
        dueOn: fromDay(deadline),
        workingDaysOverdue: late
          ? calendar.workingDaysBetween(deadline, asOf)
          : 0 - calendar.workingDaysBetween(asOf, deadline),
        daysOverdue: asOf - deadline,
        daysInStage: asOf - entered[i]!,
        overdue: late,
        timescale: info.timescale!,
      };
    }),
  };
}
