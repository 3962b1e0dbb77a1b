import type { WorklistItem } from '@continuum/contracts';
import type { SortDirection, WorklistSort } from './worklistRows.ts';

const columns: { key: WorklistSort; label: string }[] = [
  { key: 'stage', label: 'Stage' },
  { key: 'due', label: 'Due on' },
  { key: 'overdue', label: 'Working days overdue' },
  { key: 'inStage', label: 'Days in stage' },
];

/** "12 overdue" / "due today" / "3 left": a row's status in words, not only in colour. */
export function overdueWords(x: Pick<WorklistItem, 'workingDaysOverdue' | 'overdue'>): string {
  if (x.overdue) return `${x.workingDaysOverdue} overdue`;
  return x.workingDaysOverdue === 0 ? 'due today' : `${-x.workingDaysOverdue} left`;
}

/** The worklist's case rows with sortable column headers (aria-sort says the order). */
export function WorklistTable({
  rows,
  sort,
  direction,
  onSort,
  stageLabel,
  onOpenCase,
}: {
  rows: readonly WorklistItem[];
  sort: WorklistSort;
  direction: SortDirection;
  onSort: (key: WorklistSort) => void;
  stageLabel: (id: string) => string;
  onOpenCase: (caseId: string) => void;
}) {
  return (
    <table className="worklist" data-testid="worklist-table">
      <thead>
        <tr>
          <th scope="col">Case</th>
          {columns.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={c.key === 'overdue' || c.key === 'inStage' ? 'num' : undefined}
              aria-sort={sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="sort" onClick={() => onSort(c.key)}>
                {c.label}
                {sort === c.key ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            </th>
          ))}
          <th scope="col">Entered</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={`${x.caseId}-${x.stage}`} className={x.overdue ? 'overdue' : 'due-soon'}>
            <td>
              <button type="button" className="link" onClick={() => onOpenCase(x.caseId)} title={x.ref ?? ''}>
                {x.caseId.slice(0, 10)}
              </button>
            </td>
            <td>{stageLabel(x.stage)}</td>
            <td className="nowrap">{x.dueOn}</td>
            <td className="num nowrap">{overdueWords(x)}</td>
            <td className="num">{x.daysInStage}</td>
            <td className="nowrap">{x.enteredAt}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
