import type { WorklistItem } from '@continuum/contracts';
import { toCsv } from '../exports/csv.ts';

/** The worklist rows on screen as CSV, one line per case, in the order shown. */
export function worklistCsv(rows: readonly WorklistItem[], stageLabel: (id: string) => string): string {
  return toCsv(
    [
      'case_id',
      'case_ref',
      'stage',
      'stage_label',
      'entered_on',
      'due_on',
      'working_days_overdue',
      'calendar_days_overdue',
      'days_in_stage',
      'status',
    ],
    rows.map((x) => [
      x.caseId,
      x.ref,
      x.stage,
      stageLabel(x.stage),
      x.enteredAt,
      x.dueOn,
      x.workingDaysOverdue,
      x.daysOverdue,
      x.daysInStage,
      x.overdue ? 'overdue' : 'due soon',
    ]),
  );
}
