import type { WorklistItem } from '@continuum/contracts';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AgeingTable } from './AgeingTable.tsx';
import { worklistCsv } from './worklistCsv.ts';
import { worklistRows } from './worklistRows.ts';
import { WorklistTable } from './WorklistTable.tsx';

afterEach(cleanup);

const item = (caseId: string, stage: string, dueOn: string, wd: number, inStage: number): WorklistItem => ({
  caseId,
  ref: `ref-${caseId}`,
  stage,
  enteredAt: '2025-01-06',
  dueOn,
  workingDaysOverdue: wd,
  daysOverdue: wd,
  daysInStage: inStage,
  overdue: wd > 0,
  timescale: { value: 45, unit: 'working_days' },
});
const items = [
  item('c1', 'assessment', '2025-03-10', 15, 84),
  item('c2', 'front_door', '2025-03-28', 1, 4),
  item('c3', 'assessment', '2025-04-07', -5, 56),
  item('c4', 's47_enquiry', '2025-03-24', 5, 28),
  item('c5', 'assessment', '2025-01-09', 57, 147),
];
const labels: Record<string, string> = {
  assessment: 'Social care assessment',
  front_door: 'MASST front door',
  s47_enquiry: 'Section 47 enquiry',
};
const label = (id: string) => labels[id] ?? id;

describe('worklist rows: sort and filter', () => {
  it('sorts by each column in both directions', () => {
    const ids = (rows: WorklistItem[]) => rows.map((x) => x.caseId);
    expect(ids(worklistRows(items, {}, 'overdue', 'desc'))).toEqual(['c5', 'c1', 'c4', 'c2', 'c3']);
    expect(ids(worklistRows(items, {}, 'overdue', 'asc'))).toEqual(['c3', 'c2', 'c4', 'c1', 'c5']);
    expect(ids(worklistRows(items, {}, 'due', 'asc'))).toEqual(['c5', 'c1', 'c4', 'c2', 'c3']);
    expect(ids(worklistRows(items, {}, 'inStage', 'desc'))).toEqual(['c5', 'c1', 'c3', 'c4', 'c2']);
    // Stage ties fall back to most overdue first.
    expect(ids(worklistRows(items, {}, 'stage', 'asc'))).toEqual(['c5', 'c1', 'c3', 'c2', 'c4']);
  });

  it('filters by stage and by working days overdue (overdue only, at least N)', () => {
    const ids = (f: Parameters<typeof worklistRows>[1]) =>
      worklistRows(items, f, 'overdue', 'desc').map((x) => x.caseId);
    expect(ids({ stage: 'assessment' })).toEqual(['c5', 'c1', 'c3']);
    expect(ids({ minWorkingDaysOverdue: 0 })).toEqual(['c5', 'c1', 'c4', 'c2']);
    expect(ids({ minWorkingDaysOverdue: 6 })).toEqual(['c5', 'c1']);
    expect(ids({ stage: 'assessment', minWorkingDaysOverdue: 21 })).toEqual(['c5']);
  });

  it('keeps exactly the matching rows, in order, for any list and filter', () => {
    const arb = fc.array(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        stage: fc.constantFrom('assessment', 'front_door'),
        wd: fc.integer({ min: -10, max: 60 }),
        inStage: fc.nat(200),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }), (rows, min) => {
        const list = rows.map((r, i) => item(`${r.id}${i}`, r.stage, '2025-03-01', r.wd, r.inStage));
        const out = worklistRows(list, { minWorkingDaysOverdue: min }, 'overdue', 'desc');
        expect(out.length).toBe(
          list.filter((x) => min === undefined || (x.overdue && x.workingDaysOverdue >= min)).length,
        );
        for (let k = 1; k < out.length; k++)
          expect(out[k - 1]!.workingDaysOverdue).toBeGreaterThanOrEqual(out[k]!.workingDaysOverdue);
      }),
    );
  });
});

describe('worklist CSV', () => {
  it('has one line per row shown, in that order, with dates, days and status', () => {
    const rows = worklistRows(items, { stage: 'assessment' }, 'overdue', 'desc');
    const lines = worklistCsv(rows, label).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'case_id,case_ref,stage,stage_label,entered_on,due_on,working_days_overdue,calendar_days_overdue,days_in_stage,status',
    );
    expect(lines.slice(1)).toEqual([
      'c5,ref-c5,assessment,Social care assessment,2025-01-06,2025-01-09,57,57,147,overdue',
      'c1,ref-c1,assessment,Social care assessment,2025-01-06,2025-03-10,15,15,84,overdue',
      'c3,ref-c3,assessment,Social care assessment,2025-01-06,2025-04-07,-5,-5,56,due soon',
    ]);
  });

  it('quotes commas and quotes, and never lets a cell start a formula', () => {
    const odd = { ...items[0]!, ref: '=HYPERLINK("x")' };
    const csv = worklistCsv([odd], () => 'Assessment, "social care"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"Assessment, ""social care"""');
  });
});

describe('WorklistTable and AgeingTable', () => {
  it('sorts on a header click and says the order with aria-sort', () => {
    const sorted: string[] = [];
    render(
      <WorklistTable
        rows={worklistRows(items, {}, 'due', 'asc')}
        sort="due"
        direction="asc"
        onSort={(k) => sorted.push(k)}
        stageLabel={label}
        onOpenCase={() => undefined}
      />,
    );
    const table = screen.getByTestId('worklist-table');
    expect(
      within(table)
        .getByRole('columnheader', { name: /Due on/ })
        .getAttribute('aria-sort'),
    ).toBe('ascending');
    const body = within(table).getAllByRole('row').slice(1);
    expect(body.map((r) => r.querySelector('td')?.textContent)).toEqual(['c5', 'c1', 'c4', 'c2', 'c3']);
    expect(body[4]!.textContent).toContain('5 left');
    fireEvent.click(within(table).getByRole('button', { name: /Days in stage/ }));
    expect(sorted).toEqual(['inStage']);
  });

  it('shows hidden counts as "<5" / "suppressed", never as 0', () => {
    render(
      <AgeingTable
        list={{
          dueWithinDays: 10,
          ageingBuckets: ['0-5', '6-10', '11-20', 'over 20'],
          byStage: [
            {
              stage: 'assessment',
              label: 'Social care assessment',
              dueSoon: null,
              overdue: 12,
              buckets: [null, null, 0, 8],
              suppressed: { dueSoon: 'primary', 'buckets.0': 'primary', 'buckets.1': 'secondary' },
            },
          ],
        }}
      />,
    );
    const cells = [...screen.getByTestId('ageing-assessment').querySelectorAll('td')].map(
      (td) => td.textContent,
    );
    expect(cells).toEqual(['<5', '12', '<5', 'suppressed', '0', '8']);
  });
});
