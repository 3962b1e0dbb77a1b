import { defaultPathway } from '@continuum/machines';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DiffView } from './ComparePanel.tsx';
import { diffPathways } from './diffPathways.ts';
import { addStage, connect, type Draft, removeTransition } from './draftModel.ts';

afterEach(cleanup);

const base = () => structuredClone(defaultPathway) as Draft;

describe('version comparison', () => {
  it('lists added stages and moves, removed moves and changed fields', () => {
    let next = addStage(base()).draft;
    next = connect(next, 'front_door', 'new_stage').draft;
    next = removeTransition(
      next,
      next.transitions.findIndex((t) => t.event === 'emergency_protection'),
    );
    next = { ...next, stages: next.stages.map((s) => (s.id === 'assessment' ? { ...s, capacity: 40 } : s)) };
    const diff = diffPathways(base(), next);
    expect(diff.stagesAdded).toEqual(['new_stage']);
    expect(diff.movesAdded).toEqual(['front_door —to_new_stage→ new_stage']);
    expect(diff.movesRemoved).toEqual(['front_door —emergency_protection→ looked_after']);
    expect(diff.stagesChanged).toEqual([
      { key: 'assessment', fields: [{ field: 'capacity', before: undefined, after: 40 }] },
    ]);
    render(<DiffView diff={diff} />);
    const text = screen.getByTestId('diff').textContent ?? '';
    expect(text).toContain('+ new_stage');
    expect(text).toContain('− front_door —emergency_protection→ looked_after');
    expect(text).toContain('capacity: — → 40');
  });

  it('says two identical versions are identical', () => {
    render(<DiffView diff={diffPathways(base(), base())} />);
    expect(screen.getByText('The two versions are identical.')).toBeTruthy();
  });
});
