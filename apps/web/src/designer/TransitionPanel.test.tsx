import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DraftTransition } from './draftModel.ts';
import { TransitionPanel } from './TransitionPanel.tsx';

afterEach(cleanup);

const move: DraftTransition = {
  from: 'child_in_need',
  to: 'early_help',
  event: 'step_down',
  kind: 'step-down',
  weight: 0.2,
  kpiTags: [],
};

describe('TransitionPanel', () => {
  it('edits the event, kind, weight and KPI tags of a move', () => {
    const onChange = vi.fn();
    render(<TransitionPanel transition={move} problems={[]} onChange={onChange} onRemove={vi.fn()} />);
    expect(screen.getByRole('heading').textContent).toBe('Move: child_in_need → early_help');
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'step_down_eh' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...move, event: 'step_down_eh' });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'close' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...move, kind: 'close' });
    fireEvent.change(screen.getByLabelText('Weight'), { target: { value: '0.35' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...move, weight: 0.35 });
    fireEvent.click(screen.getByLabelText('early_help_start'));
    expect(onChange).toHaveBeenLastCalledWith({ ...move, kpiTags: ['early_help_start'] });
  });

  it('shows its problems and removes the move', () => {
    const onRemove = vi.fn();
    render(
      <TransitionPanel
        transition={move}
        problems={[
          {
            path: ['transitions', 4, 'weight'],
            code: 'negative_weight',
            message: 'Negative routing weight.',
          },
        ]}
        onChange={vi.fn()}
        onRemove={onRemove}
      />,
    );
    expect(screen.getByText(/Negative routing weight/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove move' }));
    expect(onRemove).toHaveBeenCalledOnce();
  });
});
