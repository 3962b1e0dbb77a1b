import { describe, expect, it } from 'vitest';
import { createActor, transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { compile, stageOfSnapshot } from './compile.ts';
import { defaultPathway } from './defaultPathway.ts';
import { effectiveMoves } from './effectiveMoves.ts';
import { validatePathway } from './validatePathway.ts';

const pathway = compile(defaultPathway);
const events = pathway.events.map((type) => ({ type }));
const serializeState = (s: { value: unknown }) => JSON.stringify(s.value);

describe('default pathway', () => {
  it('is valid', () => {
    expect(validatePathway(defaultPathway).problems).toEqual([]);
  });

  it('reaches every stage from the front door (shortest paths)', () => {
    const paths = getShortestPaths(pathway.machine, { events, serializeState });
    const reached = new Set(paths.map((p) => stageOfSnapshot(p.state)));
    expect([...reached].sort()).toEqual([...pathway.stages].sort());
  });

  it('has simple paths from the front door to closure through every stage', () => {
    const paths = getSimplePaths(pathway.machine, {
      events,
      serializeState,
      toState: (s) => stageOfSnapshot(s) === 'closed',
    });
    const visited = new Set(paths.flatMap((p) => p.steps.map((step) => stageOfSnapshot(step.state))));
    expect([...visited].sort()).toEqual([...pathway.stages].sort());
  });

  it('exercises every move: each one, replayed on a live actor, lands where the definition says', () => {
    const shortest = new Map(
      getShortestPaths(pathway.machine, { events, serializeState }).map((p) => [stageOfSnapshot(p.state), p]),
    );
    let exercised = 0;
    for (const [stage, moves] of effectiveMoves(pathway.definition)) {
      for (const move of moves) {
        const actor = createActor(pathway.machine).start();
        for (const step of shortest.get(stage)!.steps) actor.send(step.event);
        expect(stageOfSnapshot(actor.getSnapshot())).toBe(stage);
        actor.send({ type: move.event });
        expect(stageOfSnapshot(actor.getSnapshot())).toBe(move.to);
        actor.stop();
        exercised++;
      }
    }
    // 24 declared moves; the three group moves count once per stage of the group.
    expect(exercised).toBe(pathway.definition.transitions.length + 3);
  });

  it('has the moves DOMAIN.md lists, and no direct step-down from child protection to early help', () => {
    expect(pathway.next('assessment', 'step_down')).toBe('early_help');
    expect(pathway.next('child_in_need', 'step_down')).toBe('early_help');
    expect(pathway.next('child_protection', 'end_plan_cin')).toBe('child_in_need');
    expect(pathway.eventsBetween('child_protection', 'early_help')).toEqual([]);
    expect(pathway.next('closed', 're_referral')).toBe('front_door');
    expect(pathway.next('front_door', 'emergency_protection')).toBe('looked_after');
  });

  it('has the direct moves into care that the returns record, and not the gaps they leave', () => {
    for (const from of ['assessment', 'child_in_need', 's47_enquiry', 'child_protection']) {
      expect(pathway.eventsBetween(from, 'looked_after')).toEqual(['become_looked_after']);
    }
    // A return to care or a CIN plan comes through the front door and an assessment: a return
    // that records neither shows a move outside the pathway (flagged), not a new move.
    expect(pathway.eventsBetween('closed', 'looked_after')).toEqual([]);
    expect(pathway.eventsBetween('front_door', 'child_in_need')).toEqual([]);
  });

  it('rejects illegal events: the machine stays where it was and the table says no', () => {
    for (const stage of pathway.stages) {
      const snapshot = pathway.snapshotAt(stage);
      for (const event of pathway.events) {
        if (pathway.allowedEvents(stage).includes(event)) continue;
        expect(snapshot.can({ type: event })).toBe(false);
        const [next] = transition(pathway.machine, snapshot, { type: event });
        expect(stageOfSnapshot(next)).toBe(stage);
        expect(pathway.next(stage, event)).toBeUndefined();
        expect(() => pathway.move(stage, event)).toThrow(/not a legal move/);
      }
    }
    expect(pathway.next('front_door', 'no_such_event')).toBeUndefined();
  });

  it('records management oversight anywhere without moving', () => {
    for (const stage of pathway.stages) expect(pathway.next(stage, 'management_oversight')).toBe(stage);
  });
});
