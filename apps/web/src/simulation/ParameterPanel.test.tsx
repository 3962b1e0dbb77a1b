import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSimResult } from '../api/simulation.ts';
import { ParameterPanel } from './ParameterPanel.tsx';

afterEach(cleanup);

const stages = [
  { id: 'early_help', label: 'Early help', capacity: 50 },
  { id: 'closed', label: 'Closed', terminal: true },
];

describe('ParameterPanel', () => {
  it('writes global and per-stage changes in the simulator’s scenario shape', () => {
    const onChange = vi.fn();
    const { rerender } = render(<ParameterPanel stages={stages} overrides={{}} onChange={onChange} />);
    expect(screen.queryByLabelText('Capacity of Closed')).toBeNull();
    fireEvent.change(screen.getByLabelText('Arrivals ×'), { target: { value: '1.2' } });
    expect(onChange).toHaveBeenLastCalledWith({ arrivalMultiplier: 1.2 });
    fireEvent.change(screen.getByLabelText('Capacity of Early help'), { target: { value: '60' } });
    expect(onChange).toHaveBeenLastCalledWith({ capacity: { early_help: 60 } });
    rerender(
      <ParameterPanel stages={stages} overrides={{ capacity: { early_help: 60 } }} onChange={onChange} />,
    );
    expect((screen.getByLabelText('Capacity of Early help') as HTMLInputElement).value).toBe('60');
    fireEvent.change(screen.getByLabelText('Capacity of Early help'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({});
    fireEvent.change(screen.getByLabelText('Duration multiplier of Early help'), {
      target: { value: '0.9' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      capacity: { early_help: 60 },
      durationMultiplier: { early_help: 0.9 },
    });
  });
});

describe('toSimResult', () => {
  const run = (k: number) => ({
    startDate: '2025-01-01',
    times: ['2025-01-08', '2025-01-15'],
    stages: [
      {
        stage: 'early_help',
        stats: {
          meanStock: { mean: 10 * k },
          meanWait: { mean: 2 * k },
          meanQueue: { mean: k },
          breaches: { mean: 0 },
          cost: { mean: 100 * k },
        },
        stock: { mean: [9, 11], lo: [8, 9], hi: [10, 13] },
      },
    ],
  });

  it('reads a comparison into baseline and scenario sides with days from the start', () => {
    const r = toSimResult('x', { baseline: run(1), scenario: run(2), difference: {} });
    expect(r.baseline?.days).toEqual([7, 14]);
    expect(r.scenario.summary[0]).toEqual({
      stage: 'early_help',
      meanStock: 20,
      meanWait: 4,
      meanQueue: 2,
      breaches: 0,
      cost: 200,
    });
    expect(r.scenario.stock.early_help?.hi).toEqual([10, 13]);
  });

  it('reads a single run, wrapped or not, and refuses anything else in words', () => {
    expect(toSimResult('x', { result: run(1) }).baseline).toBeNull();
    expect(toSimResult('x', run(1)).scenario.summary).toHaveLength(1);
    expect(() => toSimResult('x', { status: 'done' })).toThrow(/could not be read/);
  });
});
