import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { compile, stageOfSnapshot } from './compile.ts';
import { defaultPathway } from './defaultPathway.ts';

describe('persisted snapshots', () => {
  it('round-trip through JSON into a restored actor that carries on from the same stage', () => {
    const { machine } = compile(defaultPathway);
    const actor = createActor(machine).start();
    for (const type of ['accept_referral', 'cin_plan', 'start_s47']) actor.send({ type });
    const json = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();

    const restored = createActor(machine, { snapshot: JSON.parse(json) }).start();
    expect(stageOfSnapshot(restored.getSnapshot())).toBe('s47_enquiry');
    expect(restored.getSnapshot().context).toEqual({ pathwayId: 'continuum_of_need', version: null });
    restored.send({ type: 'cp_plan' });
    expect(stageOfSnapshot(restored.getSnapshot())).toBe('child_protection');
    restored.send({ type: 'cin_plan' }); // not legal from a CP plan: ignored
    expect(stageOfSnapshot(restored.getSnapshot())).toBe('child_protection');
  });

  it('restores a case stored inside a group (state value nested under its parent)', () => {
    const { machine, snapshotAt } = compile(defaultPathway);
    const json = JSON.stringify(
      createActor(machine, { snapshot: snapshotAt('child_in_need') }).getPersistedSnapshot(),
    );
    expect(JSON.parse(json).value).toEqual({ section_17: 'child_in_need' });
    const restored = createActor(machine, { snapshot: JSON.parse(json) }).start();
    restored.send({ type: 'close_case' });
    expect(stageOfSnapshot(restored.getSnapshot())).toBe('closed');
  });
});
