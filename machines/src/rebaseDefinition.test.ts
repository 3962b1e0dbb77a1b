import { describe, expect, it } from 'vitest';
import { defaultPathway } from './defaultPathway.ts';
import { publishProblems } from './publishProblems.ts';
import { rebaseDefinition } from './rebaseDefinition.ts';
import { validatePathway } from './validatePathway.ts';
import type { PathwayDefinitionInput } from './schema.ts';

const { version: _v, ...base } = defaultPathway as PathwayDefinitionInput;
const relabel = (def: PathwayDefinitionInput, id: string, label: string): PathwayDefinitionInput => ({
  ...def,
  stages: def.stages.map((s) => (s.id === id ? { ...s, label } : s)),
});

describe('rebaseDefinition: a draft re-applied onto a newer version', () => {
  it("keeps both sides' changes to different elements, and reports none as conflicts", () => {
    const draft = {
      ...relabel(base, 'early_help', 'Family help'),
      // (not early help's step_up: its give-up rule follows that move)
      transitions: base.transitions.filter((t) => t.event !== 'no_plan_cin'),
    };
    const latest = { ...relabel(base, 'front_door', 'MASH'), name: 'Renamed' };
    const { definition, conflicts } = rebaseDefinition(base, draft, latest);
    expect(conflicts).toEqual([]);
    const stages = definition.stages as { id: string; label: string }[];
    expect(stages.find((s) => s.id === 'early_help')?.label).toBe('Family help');
    expect(stages.find((s) => s.id === 'front_door')?.label).toBe('MASH');
    expect(definition.name).toBe('Renamed');
    expect((definition.transitions as { event: string }[]).some((t) => t.event === 'no_plan_cin')).toBe(
      false,
    );
    expect(validatePathway(definition).ok).toBe(true);
  });

  it("keeps the draft's side of an element both changed, and lists it", () => {
    const { definition, conflicts } = rebaseDefinition(
      base,
      relabel(base, 'assessment', 'Mine'),
      relabel(base, 'assessment', 'Theirs'),
    );
    expect(conflicts.map((c) => c.path)).toEqual(['stages.assessment']);
    expect((definition.stages as { id: string; label: string }[])[2]?.label).toBe('Mine');
  });
});

describe('publishProblems: what a version needs so that it can be simulated', () => {
  it('asks for a duration on every stage a simulated case can leave, terminal ones with re-referrals included', () => {
    const def = validatePathway(defaultPathway);
    expect(def.ok && publishProblems(def.definition)).toEqual([]);
    const bare = validatePathway({
      ...defaultPathway,
      stages: defaultPathway.stages.map(({ duration: _d, durationByDestination: _b, ...s }) => s),
    });
    const problems = publishProblems(bare.definition!);
    expect(problems.every((p) => p.code === 'missing_duration')).toBe(true);
    expect(problems.length).toBe(defaultPathway.stages.length);
  });
});
