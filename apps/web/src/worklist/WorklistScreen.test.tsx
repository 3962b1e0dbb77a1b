import type { Role, WorklistResponse } from '@continuum/contracts';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../auth/SessionContext.tsx';
import type { RouteParams } from '../useHashRoute.ts';
import { Worklist } from './Worklist.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base: Omit<WorklistResponse, 'items' | 'byStage' | 'total' | 'suppression' | 'suppressed'> = {
  pathway: { id: 'continuum_of_need', version: 2 },
  asOf: '2025-03-31',
  calendar: 'jersey',
  dueWithinDays: 10,
  ageingBuckets: ['0-5', '6-10', '11-20', 'over 20'],
  filters: {},
  truncated: false,
};
const row = (caseId: string, stage: string, wd: number) => ({
  caseId,
  ref: `r${caseId}`,
  stage,
  enteredAt: '2025-01-06',
  dueOn: '2025-03-10',
  workingDaysOverdue: wd,
  daysOverdue: wd,
  daysInStage: 84,
  overdue: wd > 0,
  timescale: { value: 45, unit: 'working_days' as const },
});
const manager: WorklistResponse = {
  ...base,
  total: 3,
  byStage: [
    { stage: 'assessment', label: 'Social care assessment', dueSoon: 1, overdue: 1, buckets: [0, 0, 1, 0] },
    { stage: 'front_door', label: 'MASST front door', dueSoon: 0, overdue: 1, buckets: [1, 0, 0, 0] },
  ],
  items: [row('a1', 'assessment', 15), row('f1', 'front_door', 1), row('a2', 'assessment', -3)],
};
const viewer: WorklistResponse = {
  ...base,
  total: 6,
  byStage: [
    {
      stage: 'assessment',
      label: 'Social care assessment',
      dueSoon: null,
      overdue: null,
      buckets: [0, 0, null, null],
      suppressed: {
        dueSoon: 'primary',
        overdue: 'secondary',
        'buckets.2': 'primary',
        'buckets.3': 'secondary',
      },
    },
  ],
  items: null,
  suppression: { applied: true, smallCounts: '1-4', rules: [] },
};

function renderAs(role: Role, answer: WorklistResponse, params: Record<string, string> = {}) {
  const fetched: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      fetched.push(url);
      return new Response(JSON.stringify(answer), { status: 200 });
    }),
  );
  const changes: RouteParams[] = [];
  render(
    <SessionContext.Provider value={{ token: 't', role, signOut: () => undefined }}>
      <Worklist params={params} onChange={(p) => changes.push(p)} onOpenCase={() => undefined} />
    </SessionContext.Provider>,
  );
  return { fetched, changes };
}

describe('the worklist screen', () => {
  it('lists a manager’s due and overdue cases, filtered and sorted from the URL', async () => {
    const { fetched, changes } = renderAs('manager', manager, {
      stage: 'assessment',
      'attr.age_band': '10_15',
    });
    await screen.findByTestId('worklist-table');
    expect(fetched[0]).toBe('/api/worklist?dueWithinDays=10&attr.age_band=10_15');
    const rows = screen.getByTestId('worklist-table').querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.querySelector('td')?.textContent)).toEqual(['a1', 'a2']);
    expect(screen.getByText('2 of 3 cases in Social care assessment')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Due on/ }));
    expect(changes.at(-1)).toMatchObject({ sort: 'due', dir: 'desc', stage: 'assessment' });
  });

  it('follows Back: a filter the URL dropped is not put back when the codes box loses focus', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(manager), { status: 200 })),
    );
    const changes: RouteParams[] = [];
    const view = (params: Record<string, string>) => (
      <SessionContext.Provider value={{ token: 't', role: 'manager', signOut: () => undefined }}>
        <Worklist params={params} onChange={(p) => changes.push(p)} onOpenCase={() => undefined} />
      </SessionContext.Provider>
    );
    const { rerender } = render(view({ 'attr.age_band': '5_9' }));
    const box = await screen.findByLabelText('is one of');
    expect((box as HTMLInputElement).value).toBe('5_9');
    // Leaving the box as it was changes nothing.
    fireEvent.blur(box);
    expect(changes).toEqual([]);
    // Back: the URL holds no filter any more; the attribute and its box follow it.
    rerender(view({}));
    expect(screen.queryByLabelText('is one of')).toBeNull();
    expect((screen.getByLabelText('Attribute') as HTMLSelectElement).value).toBe('');
    expect(changes).toEqual([]);
  });

  it('gives a viewer the suppressed counts and no case rows or export', async () => {
    renderAs('viewer', viewer);
    await screen.findByTestId('ageing-table');
    expect(screen.queryByTestId('worklist-table')).toBeNull();
    expect(screen.queryByTestId('worklist-export')).toBeNull();
    expect(screen.getByTestId('worklist-no-rows').textContent).toContain('case-level access');
    const cells = [...screen.getByTestId('ageing-assessment').querySelectorAll('td')].map(
      (td) => td.textContent,
    );
    expect(cells).toEqual(['<5', 'suppressed', '0', '0', '<5', 'suppressed']);
  });
});
