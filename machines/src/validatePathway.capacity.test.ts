import { describe, expect, it } from 'vitest';
import type { PathwayDefinitionInput } from './schema.ts';
import { validatePathway } from './validatePathway.ts';

/** entry -> middle -> end, with a move back from middle to entry (weight 0) a case can give up by. */
function base(): PathwayDefinitionInput {
  return {
    id: 'p',
    name: 'Capacity pathway',
    entry: 'entry',
    stages: [
      { id: 'entry', label: 'Entry', level: 1 },
      {
        id: 'middle',
        label: 'Middle',
        level: 2,
        staffing: { workers: 4, casesPerWorker: 12.5 },
        whenFull: { patience: { type: 'exponential', meanDays: 20 }, to: 'entry' },
      },
      { id: 'end', label: 'End', level: 1, terminal: true },
    ],
    transitions: [
      { from: 'entry', to: 'middle', event: 'go', kind: 'progress' },
      { from: 'middle', to: 'end', event: 'finish', kind: 'close' },
      { from: 'middle', to: 'entry', event: 'not_picked_up', kind: 'step-up', weight: 0 },
    ],
  };
}

const codes = (def: PathwayDefinitionInput) => validatePathway(def).problems.map((p) => [p.code, p.path]);

describe('validatePathway: capacity and what a case does when a stage is full', () => {
  it('accepts staffing and a give-up rule along a declared (zero-weight) move', () => {
    expect(validatePathway(base())).toMatchObject({ ok: true, problems: [] });
    const named = base();
    named.stages[1]!.whenFull!.event = 'not_picked_up';
    expect(validatePathway(named).ok).toBe(true);
  });

  it('refuses a capacity given twice, or staffing that holds less than one case', () => {
    const both = base();
    both.stages[1]!.capacity = 50;
    expect(codes(both)).toEqual([['capacity_conflict', ['stages', 1, 'staffing']]]);
    const tiny = base();
    tiny.stages[1]!.staffing = { workers: 0.5, casesPerWorker: 1.5 };
    expect(codes(tiny)).toEqual([['capacity_below_one', ['stages', 1, 'staffing']]]);
  });

  it('refuses a give-up target that is unknown, the stage itself, or not reached by a move', () => {
    const unknown = base();
    unknown.stages[1]!.whenFull!.to = 'nowhere';
    expect(codes(unknown)).toEqual([['unknown_stage', ['stages', 1, 'whenFull', 'to']]]);
    const self = base();
    self.stages[1]!.whenFull!.to = 'middle';
    expect(codes(self)).toEqual([['give_up_to_self', ['stages', 1, 'whenFull', 'to']]]);
    const noMove = base();
    noMove.transitions.pop();
    expect(codes(noMove)).toEqual([['give_up_not_a_move', ['stages', 1, 'whenFull', 'to']]]);
    const wrongEvent = base();
    wrongEvent.stages[1]!.whenFull!.event = 'finish';
    expect(codes(wrongEvent)).toEqual([['give_up_not_a_move', ['stages', 1, 'whenFull', 'event']]]);
  });

  it('refuses an invalid patience distribution and a rule on a terminal stage', () => {
    const negative = base();
    negative.stages[1]!.whenFull!.patience = { type: 'exponential', meanDays: -1 };
    expect(codes(negative)[0]![0]).toBe('invalid_field');
    const falling = base();
    falling.stages[1]!.whenFull!.patience = {
      type: 'empirical',
      quantiles: [
        { p: 0, days: 5 },
        { p: 1, days: 2 },
      ],
    };
    expect(codes(falling)).toEqual([
      ['invalid_distribution', ['stages', 1, 'whenFull', 'patience', 'quantiles']],
    ]);
    const terminal = base();
    terminal.stages[2]!.whenFull = { patience: { type: 'exponential', meanDays: 1 }, to: 'entry' };
    expect(codes(terminal).map((c) => c[0])).toContain('terminal_capacity');
  });
});
