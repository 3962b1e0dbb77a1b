import { describe, expect, it } from 'vitest';
import type { PathwayDefinitionInput } from './schema.ts';
import { compile } from './compile.ts';
import { defaultPathway } from './defaultPathway.ts';
import { validatePathway } from './validatePathway.ts';

/** entry -> middle -> end (terminal): the smallest valid pathway; each test breaks one thing. */
function base(): PathwayDefinitionInput {
  return {
    id: 'p',
    name: 'Test pathway',
    entry: 'entry',
    stages: [
      { id: 'entry', label: 'Entry', level: 1 },
      { id: 'middle', label: 'Middle', level: 2 },
      { id: 'end', label: 'End', level: 1, terminal: true },
    ],
    transitions: [
      { from: 'entry', to: 'middle', event: 'go', kind: 'progress' },
      { from: 'middle', to: 'end', event: 'finish', kind: 'close' },
    ],
  };
}

function only(def: PathwayDefinitionInput) {
  const result = validatePathway(def);
  expect(result.ok).toBe(false);
  expect(result.problems).toHaveLength(1);
  return result.problems[0]!;
}

describe('validatePathway', () => {
  it('accepts the minimal pathway', () => {
    expect(validatePathway(base())).toMatchObject({ ok: true, problems: [] });
  });

  it("says schema problems in plain words, not the schema library's", () => {
    const cases: [(d: PathwayDefinitionInput) => void, string][] = [
      [(d) => (d.stages[1]!.label = ''), 'stages.1.label: must not be empty'],
      [(d) => (d.stages[1]!.level = 'two' as unknown as number), 'stages.1.level: must be a number'],
      [(d) => (d.transitions[0]!.kind = 'sideways' as 'progress'), 'transitions.0.kind: must be one of'],
    ];
    for (const [breakIt, message] of cases) {
      const d = base();
      breakIt(d);
      expect(only(d).message).toMatch(new RegExp(`^${message.replace(/[.]/g, '\\.')}`));
    }
  });

  it('reports a move to an unknown stage', () => {
    const def = base();
    def.transitions[1]!.to = 'nowhere';
    expect(only(def)).toMatchObject({ code: 'unknown_stage', path: ['transitions', 1, 'to'] });
  });

  it('reports a move from an unknown stage or group', () => {
    const def = base();
    def.transitions.push({ from: 'ghost', to: 'end', event: 'vanish', kind: 'close' });
    expect(only(def)).toMatchObject({ code: 'unknown_stage', path: ['transitions', 2, 'from'] });
  });

  it('reports an unknown entry stage', () => {
    expect(only({ ...base(), entry: 'lobby' })).toMatchObject({ code: 'unknown_stage', path: ['entry'] });
  });

  it('reports duplicate stage ids', () => {
    const def = base();
    def.stages.push({ id: 'middle', label: 'Again', level: 2 });
    expect(only(def)).toMatchObject({ code: 'duplicate_id', path: ['stages', 3, 'id'] });
  });

  it('reports a group id that clashes with a stage id', () => {
    const def = base();
    def.groups = [{ id: 'middle', label: 'Clash' }];
    expect(only(def)).toMatchObject({ code: 'duplicate_id', path: ['groups', 0, 'id'] });
  });

  it('reports an event that leaves one stage for two targets', () => {
    const def = base();
    def.transitions.push({ from: 'entry', to: 'end', event: 'go', kind: 'close' });
    const problem = only(def);
    expect(problem).toMatchObject({ code: 'ambiguous_event', path: ['transitions', 2, 'event'] });
    expect(problem.message).toContain('"go"');
  });

  it('reports a stage unreachable from the entry', () => {
    const def = base();
    def.stages.push({ id: 'island', label: 'Island', level: 2 });
    def.transitions.push({ from: 'island', to: 'end', event: 'leave', kind: 'close' });
    expect(only(def)).toMatchObject({ code: 'unreachable_stage', path: ['stages', 3] });
  });

  it('reports a stage from which no terminal stage can be reached', () => {
    const def = base();
    def.stages.push({ id: 'trap', label: 'Trap', level: 2 });
    def.transitions.push({ from: 'entry', to: 'trap', event: 'fall', kind: 'step-up' });
    expect(only(def)).toMatchObject({ code: 'no_path_to_terminal', path: ['stages', 3] });
  });

  it('reports a pathway with no terminal stage', () => {
    const def = base();
    def.stages[2]!.terminal = false;
    expect(only(def)).toMatchObject({ code: 'no_terminal_stage', path: ['stages'] });
  });

  it('reports a negative routing weight', () => {
    const def = base();
    def.transitions[0]!.weight = -0.5;
    expect(only(def)).toMatchObject({ code: 'negative_weight', path: ['transitions', 0, 'weight'] });
  });

  it('reports a stage whose routing weights are all zero', () => {
    const def = base();
    def.transitions[1]!.weight = 0;
    expect(only(def)).toMatchObject({ code: 'weights_all_zero', path: ['stages', 1] });
  });

  it('reports terminal re-entry probabilities above one', () => {
    const def = base();
    def.transitions.push({ from: 'end', to: 'entry', event: 'again', kind: 're-referral', weight: 1.5 });
    expect(only(def)).toMatchObject({ code: 'terminal_weights_above_one', path: ['stages', 2] });
  });

  it('reports a timescale that is not positive', () => {
    const def = base();
    def.stages[1]!.timescale = { value: 0, unit: 'working_days' };
    expect(only(def)).toMatchObject({
      code: 'timescale_not_positive',
      path: ['stages', 1, 'timescale', 'value'],
    });
  });

  it('reports a stage in an undefined group, and groups that nest in a cycle', () => {
    const def = base();
    def.stages[1]!.group = 'care';
    expect(only(def)).toMatchObject({ code: 'unknown_group', path: ['stages', 1, 'group'] });
    const cyclic = base();
    cyclic.groups = [
      { id: 'a', label: 'A', parent: 'b' },
      { id: 'b', label: 'B', parent: 'a' },
    ];
    expect(validatePathway(cyclic).problems.map((p) => p.code)).toEqual(['group_cycle', 'group_cycle']);
  });

  it('reports schema problems with their paths, e.g. a continuum level of 5', () => {
    const def = base();
    def.stages[0]!.level = 5;
    expect(only(def)).toMatchObject({ code: 'invalid_field', path: ['stages', 0, 'level'] });
  });

  it('returns every problem at once', () => {
    const def = base();
    def.stages[1]!.timescale = { value: -3, unit: 'days' };
    def.transitions[0]!.weight = -1;
    def.transitions.push({ from: 'entry', to: 'middle', event: 'go', kind: 'progress' });
    const codes = validatePathway(def).problems.map((p) => p.code);
    expect(codes).toEqual(['timescale_not_positive', 'negative_weight', 'ambiguous_event']);
  });
});

describe('validatePathway and stored versions', () => {
  it('checks personal data by default, and skips it for a version already published', () => {
    const named = { ...defaultPathway, name: 'Jane Smith' };
    expect(validatePathway(named).problems).toEqual([
      expect.objectContaining({ code: 'pii_rejected', path: ['name'] }),
    ]);
    expect(() => compile(named)).toThrow(/problem/);
    expect(compile(named, { checkPii: false }).definition.name).toBe('Jane Smith');
  });
});
