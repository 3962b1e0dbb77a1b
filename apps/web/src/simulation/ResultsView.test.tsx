import {
  SCALAR_NAMES,
  type ScenarioComparison,
  type SimulationResult,
  type Stat,
} from '@continuum/contracts';
import { defaultPathway } from '@continuum/machines';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DifferenceTable } from './DifferenceTable.tsx';
import { CostForecast } from './CostForecast.tsx';
import { pathwayLevers } from './pathwayLevers.ts';
import { placementForecast } from './placementCosts.ts';

afterEach(cleanup);

const stat = (mean: number, half = 0): Stat => ({
  mean,
  p5: mean - half,
  p95: mean + half,
  ciLow: mean - half,
  ciHigh: mean + half,
});
const stats = (m: Partial<Record<string, Stat>>) =>
  Object.fromEntries(
    SCALAR_NAMES.map((n) => [n, m[n] ?? stat(0)]),
  ) as SimulationResult['stages'][number]['stats'];
const band = { mean: [10, 11], lo: [8, 9], hi: [12, 13] };
const run = (cin: number, wait: number, cap: number, bound: boolean): SimulationResult => ({
  pathwayId: 'p',
  seed: 1,
  startDate: '2026-12-04',
  warmupDays: 0,
  horizonDays: 14,
  resolution: 'weekly',
  times: ['2026-12-11', '2026-12-18'],
  notes: [],
  replications: 50,
  stages: ['early_help', 'child_in_need', 'closed'].map((stage) => ({
    stage,
    stats: stats({
      meanStock: stat(stage === 'child_in_need' ? cin : 400),
      meanWaitAll: stat(stage === 'early_help' ? wait : 0),
      meanStay: stat(30),
    }),
    stock: band,
    queue: band,
    entries: band,
  })),
  arrivals: stat(100),
  totalCost: stat(14_000),
  events: 1,
  capacity: [{ stage: 'early_help', capacity: cap, shareAtCapacity: bound ? 0.8 : 0.01, bound }],
  capacityBound: bound ? ['early_help'] : [],
  stageLabels: { early_help: 'Early help', child_in_need: 'Child in need', closed: 'Closed' },
  startingCases: 900,
  money: { currency: 'GBP', period: 'horizon', weeks: 2 },
});
const comparison: ScenarioComparison = {
  baseline: run(250, 12, 440, true),
  scenario: run(246, 0, 528, false),
  difference: {
    stages: ['early_help', 'child_in_need', 'closed'].map((stage) => ({
      stage,
      added: false,
      stats: stats({
        meanStock: stage === 'child_in_need' ? stat(-3.7, 0.4) : stat(0),
        meanWaitAll: stage === 'early_help' ? stat(-12, 0.3) : stat(0),
      }),
      stockMean: [0, 0],
    })),
    totalCost: stat(-7000, 400),
    arrivals: stat(0),
  },
};

describe('results people read', () => {
  it('shows stages by label with paired differences and their 90% intervals, waits, capacity and £ per week', () => {
    render(<DifferenceTable comparison={comparison} terminal={new Set(['closed'])} />);
    const table = screen.getByTestId('difference-table');
    expect(within(table).queryByText('Closed')).toBeNull();
    const cin = within(table).getByText('Child in need').closest('tr')!;
    expect(cin.textContent).toContain('−3.7 (−4.1 to −3.3)');
    expect(cin.querySelector('strong')?.textContent).toBe('−3.7 (−4.1 to −3.3)'); // the interval excludes 0: bold
    const eh = within(table).getByText('Early help').closest('tr')!;
    expect(eh.textContent).toContain('bound in baseline only');
    expect(eh.textContent).toContain('440 (full 80%) → 528 (full 1%) places');
    expect(eh.textContent).toContain('−12 (−12.3 to −11.7)');
    expect(table.querySelector('tfoot')!.textContent).toContain(
      '−£3,500 per week (90%: −£3,700 to −£3,300), GBP',
    );
  });

  it('forecasts looked-after costs by placement type from editable weekly unit costs', () => {
    const f = placementForecast({ mean: [100], lo: [90], hi: [110] }, [
      { type: 'a', share: 0.5, weekly: 100 },
      { type: 'b', share: 1.5, weekly: 10 },
    ]);
    expect(f.map((x) => x.mean[0])).toEqual([100 * 0.25 * 100, 100 * 0.75 * 10]);
    render(<CostForecast times={['2026-12-11']} scenario={{ mean: [100], lo: [90], hi: [110] }} />);
    const t = screen.getByTestId('cost-forecast');
    const before = t.querySelector('tfoot')!.textContent;
    fireEvent.change(screen.getByLabelText("Weekly unit cost of Residential children's home (£)"), {
      target: { value: '6500' },
    });
    expect(t.querySelector('tfoot')!.textContent).not.toBe(before);
    expect(t.querySelector('tfoot')!.textContent).toContain('£');
  });

  it('finds the levers of a pathway: places from staffing, routable moves of group members, the levels of need', () => {
    const l = pathwayLevers(defaultPathway);
    expect(l.stages.find((s) => s.id === 'early_help')!.capacity).toBe(440);
    expect(l.moves.some((m) => m.from === 'child_in_need' && m.event === 'step_down')).toBe(true);
    expect(l.moves.some((m) => m.from === 'section_17')).toBe(false);
    expect(l.levels).toEqual(['child_in_need', 'child_protection', 'looked_after']);
    expect([...l.terminal]).toEqual(['closed']);
  });
});
