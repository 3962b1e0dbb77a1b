import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';

const id = defaultPathway.id;
const withStage = (def: PathwayDefinitionInput, label: string, stage: string): PathwayDefinitionInput => ({
  ...def,
  stages: def.stages.map((s) => (s.id === stage ? { ...s, label } : s)),
});

describeEachEngine('drafts record their base version (issue 11 item 6)', ({ store }) => {
  it('refuses to publish a draft overtaken by a newer version (409) and publishes nothing', async () => {
    const p = store().pathways;
    await p.publish(defaultPathway, 'test'); // v1
    // Designer A starts a draft from v1 and saves it.
    await p.putDraft(id, withStage(defaultPathway, 'Family help', 'early_help'), 'a', 1);
    expect((await p.getDraft(id))?.baseVersion).toBe(1);
    // v2 is published from v1 with another change (based on v1: allowed).
    const v2 = await p.publish(
      withStage(defaultPathway, 'Front door (MASH)', 'front_door'),
      'b',
      Date.now(),
      {
        baseVersion: 1,
      },
    );
    expect(v2.version).toBe(2);
    // The saved draft, still based on v1, would undo v2's change: refused.
    const draft = await p.getDraft(id);
    await expect(
      p.publish(draft!.definition, 'a', Date.now(), { baseVersion: draft!.baseVersion }),
    ).rejects.toMatchObject({
      code: 'stale_draft',
      field: 'baseVersion',
      details: { baseVersion: 1, latestVersion: 2 },
    });
    expect(await p.latestNumber(id)).toBe(2);
  });

  it("rebases by merge: the draft keeps its change and gains the newer version's", async () => {
    const p = store().pathways;
    const { draft, fromVersion, conflicts } = await p.rebaseDraft(id, 'merge', 'a');
    expect(fromVersion).toBe(1);
    expect(conflicts).toEqual([]);
    expect(draft.baseVersion).toBe(2);
    const stages = (draft.definition as PathwayDefinitionInput).stages;
    expect(stages.find((s) => s.id === 'early_help')?.label).toBe('Family help');
    expect(stages.find((s) => s.id === 'front_door')?.label).toBe('Front door (MASH)');
    const v3 = await p.publish(draft.definition, 'a', Date.now(), { baseVersion: draft.baseVersion });
    expect(v3.version).toBe(3);
    expect(v3.definition.stages.find((s) => s.id === 'front_door')?.label).toBe('Front door (MASH)');
  });

  it('reports both-sides changes as conflicts, and `latest` starts again from the latest version', async () => {
    const p = store().pathways;
    await p.putDraft(id, withStage(defaultPathway, 'Draft label', 'assessment'), 'a', 2);
    const stale = await p.getDraft(id);
    expect(stale?.baseVersion).toBe(2);
    await p.publish(
      withStage((await p.latest(id))!.definition, 'Published label', 'assessment'),
      'b',
      Date.now(),
      {
        baseVersion: 3,
      },
    );
    const merged = await p.rebaseDraft(id, 'merge', 'a');
    expect(merged.conflicts.map((c) => c.path)).toEqual(['stages.assessment']);
    const fresh = await p.rebaseDraft(id, 'latest', 'a');
    expect(fresh.draft.baseVersion).toBe(4);
    const { version: _v, ...latest } = (await p.latest(id))!.definition;
    expect(fresh.draft.definition).toEqual(latest);
  });

  it("a save without a base keeps the draft's base; a new draft is based on the latest", async () => {
    const p = store().pathways;
    await p.putDraft(id, defaultPathway, 'a', 3);
    await p.putDraft(id, defaultPathway, 'a');
    expect((await p.getDraft(id))?.baseVersion).toBe(3);
    expect(await p.deleteDraft(id)).toBe(true);
    await p.putDraft(id, defaultPathway, 'a');
    expect((await p.getDraft(id))?.baseVersion).toBe(4);
    await expect(p.putDraft(id, defaultPathway, 'a', 9)).rejects.toMatchObject({ code: 'invalid_value' });
  });

  it('refuses to publish a stage with no duration model unless it is terminal without re-referrals', async () => {
    const p = store().pathways;
    const before = await p.latestNumber(id);
    const noDuration: PathwayDefinitionInput = {
      ...defaultPathway,
      stages: defaultPathway.stages.map((s) => {
        if (s.id !== 'assessment') return s;
        const { duration: _d, durationByDestination: _b, ...rest } = s;
        return rest;
      }),
    };
    await expect(p.publish(noDuration)).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'missing_duration', path: ['stages', 2, 'duration'] })],
    });
    // A terminal stage whose moves all have weight 0 (no re-referral) needs no duration.
    const closedAt = defaultPathway.stages.findIndex((s) => s.terminal);
    const terminal = defaultPathway.stages[closedAt]!;
    const { duration: _d, durationByDestination: _b, ...bare } = terminal;
    const quietClose: PathwayDefinitionInput = {
      ...defaultPathway,
      stages: defaultPathway.stages.map((s, i) => (i === closedAt ? bare : s)),
      transitions: defaultPathway.transitions.map((t) => (t.from === terminal.id ? { ...t, weight: 0 } : t)),
    };
    expect((await p.publish(quietClose)).version).toBe(before + 1);
  });
});
