import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DraftStage } from './draftModel.ts';
import { StagePanel } from './StagePanel.tsx';

afterEach(cleanup);

const stage: DraftStage = {
  id: 'assessment',
  label: 'Social care assessment',
  level: 3,
  timescale: { value: 45, unit: 'working_days' },
  kpiTags: [],
};

const setup = (overrides: Partial<Parameters<typeof StagePanel>[0]> = {}) => {
  const props = {
    stage,
    isEntry: false,
    problems: [],
    stageIds: ['front_door', 'assessment', 'closed'],
    onChange: vi.fn(),
    onRemove: vi.fn(),
    onMakeEntry: vi.fn(),
    onConnect: vi.fn(),
    ...overrides,
  };
  render(<StagePanel {...props} />);
  return props;
};

describe('StagePanel', () => {
  it('renames the stage as the name is typed', () => {
    const p = setup();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Assessment' } });
    expect(p.onChange).toHaveBeenCalledWith({ ...stage, label: 'Assessment' });
  });

  it('changes the id only when the field is left, so moves are renamed once', () => {
    const p = setup();
    const id = screen.getByLabelText('Id');
    fireEvent.change(id, { target: { value: 'single_assessment' } });
    expect(p.onChange).not.toHaveBeenCalled();
    fireEvent.blur(id);
    expect(p.onChange).toHaveBeenCalledWith({ ...stage, id: 'single_assessment' });
  });

  it('edits level, capacity, timescale and duration model', () => {
    const p = setup();
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: '4' } });
    expect(p.onChange).toHaveBeenLastCalledWith({ ...stage, level: 4 });
    fireEvent.change(screen.getByLabelText('Capacity'), { target: { value: '30' } });
    expect(p.onChange).toHaveBeenLastCalledWith({ ...stage, capacity: 30 });
    fireEvent.change(screen.getByLabelText('Timescale unit'), { target: { value: 'months' } });
    expect(p.onChange).toHaveBeenLastCalledWith({ ...stage, timescale: { value: 45, unit: 'months' } });
    fireEvent.click(screen.getByLabelText('Has timescale'));
    const last = vi.mocked(p.onChange).mock.lastCall?.[0] as DraftStage;
    expect('timescale' in last).toBe(false);
    fireEvent.change(screen.getByLabelText('Distribution'), { target: { value: 'gamma' } });
    expect(p.onChange).toHaveBeenLastCalledWith({
      ...stage,
      duration: { type: 'gamma', shape: 2, scaleDays: 15 },
    });
  });

  it('lists this stage’s problems and offers a keyboard way to add a move', () => {
    const p = setup({
      problems: [
        { path: ['stages', 1], code: 'no_path_to_terminal', message: 'No terminal stage can be reached.' },
      ],
    });
    expect(screen.getByRole('list', { name: 'Problems with this element' }).textContent).toContain(
      'No terminal',
    );
    const add = screen.getByRole('button', { name: 'Add move' });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Add a move to'), { target: { value: 'closed' } });
    fireEvent.click(add);
    expect(p.onConnect).toHaveBeenCalledWith('closed');
  });

  it('removes the stage and can make it the entry', () => {
    const p = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Remove stage' }));
    fireEvent.click(screen.getByRole('button', { name: 'Make entry stage' }));
    expect(p.onRemove).toHaveBeenCalledOnce();
    expect(p.onMakeEntry).toHaveBeenCalledOnce();
  });

  it('is read-only for roles that cannot design', () => {
    setup({ readOnly: true });
    expect(screen.getByLabelText('Name').matches(':disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Remove stage' }).matches(':disabled')).toBe(true);
  });
});
