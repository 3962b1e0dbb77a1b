import type { WorklistItem } from '@continuum/contracts';

/** The columns a manager sorts the worklist by. */
export type WorklistSort = 'overdue' | 'due' | 'stage' | 'inStage';
/** Sort direction. */
export type SortDirection = 'asc' | 'desc';

/** Which rows to keep: one stage, and only overdue ones at least this many working days past due. */
export interface WorklistFilter {
  stage?: string;
  minWorkingDaysOverdue?: number;
}

const compare: Record<WorklistSort, (a: WorklistItem, b: WorklistItem) => number> = {
  overdue: (a, b) => a.workingDaysOverdue - b.workingDaysOverdue,
  due: (a, b) => a.dueOn.localeCompare(b.dueOn),
  stage: (a, b) => a.stage.localeCompare(b.stage),
  inStage: (a, b) => a.daysInStage - b.daysInStage,
};

/**
 * The rows as the table shows them: filtered, then sorted by the column (ties: most overdue first,
 * then case id, so the order never depends on the API's).
 */
export function worklistRows(
  items: readonly WorklistItem[],
  filter: WorklistFilter,
  sort: WorklistSort,
  direction: SortDirection,
): WorklistItem[] {
  const sign = direction === 'asc' ? 1 : -1;
  return items
    .filter(
      (x) =>
        (filter.stage === undefined || x.stage === filter.stage) &&
        (filter.minWorkingDaysOverdue === undefined ||
          (x.overdue && x.workingDaysOverdue >= filter.minWorkingDaysOverdue)),
    )
    .sort(
      (a, b) =>
        sign * compare[sort](a, b) ||
        b.workingDaysOverdue - a.workingDaysOverdue ||
        a.caseId.localeCompare(b.caseId),
    );
}
