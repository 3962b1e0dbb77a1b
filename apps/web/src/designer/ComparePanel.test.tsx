import { defaultPathway } from '@continuum/machines';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DiffView } from './ComparePanel.tsx';
import { diffPathways } from './diffPathways.ts';
import { addStage, connect, type Draft, removeTransition } from './draftModel.ts';
import { compareOnCanvas } from './compareOnCanvas.ts';

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
    expect(text).toContain('Capacity: none → 40');
    expect(text).not.toMatch(/[{}"]/);
  });

  it('words changed fields readably: timescales, duration models, tags and levels, never JSON', () => {
    const next = {
      ...base(),
      stages: base().stages.map((s) =>
        s.id === 'assessment'
          ? {
              ...s,
              level: 4,
              timescale: { value: 40, unit: 'working_days' as const },
              duration: { type: 'exponential' as const, meanDays: 30 },
              kpiTags: ['cin_plan'],
            }
          : s,
      ),
    };
    render(<DiffView diff={diffPathways(base(), next)} />);
    const item = screen.getByText('assessment').closest('li')?.textContent ?? '';
    expect(item).toContain('Level: 3 → 4');
    expect(item).toContain('Timescale: 45 working days → 40 working days');
    expect(item).toMatch(
      /Duration model: lognormal, median days [\d.]+, sigma [\d.]+ → exponential, mean days 30/,
    );
    expect(item).toContain('KPI tags: none → cin_plan');
    expect(item).not.toMatch(/[{}"]/);
  });

  it('marks added, changed and removed stages and moves for the canvas, with removed ones kept to draw', () => {
    let next = addStage(base()).draft;
    next = removeTransition(
      next,
      next.transitions.findIndex((t) => t.event === 'emergency_protection'),
    );
    next = { ...next, stages: next.stages.map((s) => (s.id === 'assessment' ? { ...s, capacity: 40 } : s)) };
    const view = compareOnCanvas(base(), next);
    expect(view.stages.get('new_stage')).toBe('added');
    expect(view.stages.get('assessment')).toBe('changed');
    expect(view.stages.get('front_door')).toBeUndefined();
    const removed = view.draft.transitions.findIndex((t) => t.event === 'emergency_protection');
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(view.moves.get(removed)).toBe('removed');
    expect([...view.moves.values()].filter((m) => m === 'removed')).toHaveLength(1);
  });

  it('says two identical versions are identical', () => {
    render(<DiffView diff={diffPathways(base(), base())} />);
    expect(screen.getByText('The two versions are identical.')).toBeTruthy();
  });
});
